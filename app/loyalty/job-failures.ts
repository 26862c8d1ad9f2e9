// One shop's or one item's trouble stays its own: a job that fails on it says so, skips it and goes on, and the
// next run tries it again. What is said names the job, the shop and the item (an order, a reward code's id), never
// the customer.

export interface JobFailure {
  job: string;
  shop: string;
  /** The order, redemption or member the job was working on, when it was one of them. */
  item?: string;
}

export type ReportJobFailure = (failure: JobFailure, error: unknown) => void;

export const logJobFailure: ReportJobFailure = (failure, error) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Tally: ${failure.job} failed for ${failure.shop}${failure.item ? ` (${failure.item})` : ""}; skipped, the next run tries again. ${message}`);
};
