// The one place time-based work runs from: on a timer inside the app, and once per `npm run jobs` for cron.
// Every job is idempotent, so overlapping runs (two instances, a timer and cron) only repeat no-ops.
import type { TallyDatabase } from "~/db/database.server";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { expireInactivePoints } from "./expire-points.server";
import { settleDueOrders } from "./post-due-orders.server";
import { reconcileShops } from "./reconcile-shops.server";
import { releaseLapsedRedemptions, type DeactivateDiscount } from "./release-lapsed-redemptions.server";

/** How often each shop's orders are checked against the Admin API for missed webhooks. */
export const RECONCILE_EVERY_MS = 60 * 60_000;

export interface JobRun {
  /** Shops whose recent orders were checked against the Admin API this run, and how many of those failed. */
  reconciled: { shops: number; failed: number };
  deliveries: { processed: number; failed: number };
  ordersSettled: number;
  redemptionsReleased: number;
  membersExpired: number;
}

export interface JobDependencies {
  deactivateDiscount: DeactivateDiscount;
  /** The Admin API of a shop, for the order reconciliation; without it the reconciliation does not run. */
  adminFor?: (shop: string) => Promise<AdminGraphql>;
}

export async function runDueJobs(db: TallyDatabase, now: Date, dependencies: JobDependencies): Promise<JobRun> {
  // Reconcile first: whatever it finds missing is queued and worked in this same run.
  const reconciliations = dependencies.adminFor
    ? await reconcileShops(db, now, dependencies.adminFor, { notSince: new Date(now.getTime() - RECONCILE_EVERY_MS) })
    : [];
  for (const result of reconciliations) {
    if (!result.ok) console.error(`Tally: reconciling ${result.shop}'s orders failed; the next run covers the same window again.`, result.error);
  }
  const reconciled = { shops: reconciliations.length, failed: reconciliations.filter((result) => !result.ok).length };
  const deliveries = await processDueDeliveries(db, () => now);
  const ordersSettled = await settleDueOrders(db, now);
  const redemptionsReleased = await releaseLapsedRedemptions(db, now, dependencies.deactivateDiscount);
  const membersExpired = await expireInactivePoints(db, now);
  return { reconciled, deliveries, ordersSettled, redemptionsReleased, membersExpired };
}
