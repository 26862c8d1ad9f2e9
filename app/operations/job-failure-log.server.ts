// How a job's skipped failure is told: an error line naming the job, the shop and the item (an order, a reward
// code's id), never the customer (app/loyalty/job-failures.ts).
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { log } from "./logger.server";

export const logJobFailure: ReportJobFailure = (failure, error) => {
  log().error(
    { job: failure.job, shop: failure.shop, item: failure.item, err: error },
    `${failure.job} failed for ${failure.shop}${failure.item ? ` (${failure.item})` : ""}; skipped, the next run tries again`,
  );
};
