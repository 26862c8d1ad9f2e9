// One shop's or one item's trouble stays its own: a job that fails on it says so, skips it and goes on, and the
// next run tries it again. What is said names the job, the shop and the item (an order, a reward code's id), never
// the customer.

export interface JobFailure {
  job: string;
  shop: string;
  /** The order, redemption or member the job was working on, when it was one of them. */
  item?: string;
}

/** What a job does with a failure it skips; the default logs it (app/operations/job-failure-log.server.ts). */
export type ReportJobFailure = (failure: JobFailure, error: unknown) => void;
