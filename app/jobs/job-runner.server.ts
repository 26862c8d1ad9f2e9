// The one place time-based work runs from: on a timer inside the app, and once per `npm run jobs` for cron.
// Every job is idempotent, so overlapping runs (two instances, a timer and cron) only repeat no-ops.
import type { TallyDatabase } from "~/db/database.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { expireInactivePoints } from "./expire-points.server";
import { settleDueOrders } from "./post-due-orders.server";
import { releaseLapsedRedemptions, type DeactivateDiscount } from "./release-lapsed-redemptions.server";

export interface JobRun {
  deliveries: { processed: number; failed: number };
  ordersSettled: number;
  redemptionsReleased: number;
  membersExpired: number;
}

export interface JobDependencies {
  deactivateDiscount: DeactivateDiscount;
}

export async function runDueJobs(db: TallyDatabase, now: Date, dependencies: JobDependencies): Promise<JobRun> {
  const deliveries = await processDueDeliveries(db, () => now);
  const ordersSettled = await settleDueOrders(db, now);
  const redemptionsReleased = await releaseLapsedRedemptions(db, now, dependencies.deactivateDiscount);
  const membersExpired = await expireInactivePoints(db, now);
  return { deliveries, ordersSettled, redemptionsReleased, membersExpired };
}
