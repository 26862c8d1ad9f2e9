// The referrals' rollup, referral_daily: referrals by the day their order was paid, status and reason, with the
// revenue of the counted ones (counted-order.ts). A referral's row depends on the referral (status, reason) and on
// its order (payment day, revenue), so both writers move it in their own transaction: the referral writer
// (referral-store.server.ts, referral-decisions.server.ts) when a referral is recorded or changes status or
// reason, the order writer (earning/order-rollups.server.ts) when an order with referrals changes. Each move
// takes the old contribution out and puts the new one in, as atomic increments; it replaced the database triggers
// on referrals (docs/decisions/033-settlement-on-the-driver.md). The bulk rebuild is
// earning/order-rollups-rebuild.server.ts, from the same definition in SQL.
import type { TallyDatabase } from "~/db/database.server";
import { dateOf } from "~/db/driver-sql.server";
import { isCountedOrder, netRevenueMinor, utcDay, type CountedOrderFacts } from "~/loyalty/earning/counted-order";

type ReferredOrder = Pick<CountedOrderFacts, "paidAt" | "cancelledAt" | "test" | "eligibleMinor" | "refundedMinor">;

/** What a referral's status and reason are, as referral_daily keys them. */
export interface ReferralKey {
  status: string;
  reason: string | null;
}

/** The day and revenue a referred order counts with: from its payment on; revenue only when it is counted. */
function referredDayOf(order: ReferredOrder | null): { day: string; revenue: number } | null {
  if (!order?.paidAt) return null;
  return { day: utcDay(order.paidAt), revenue: isCountedOrder(order) ? netRevenueMinor(order) : 0 };
}

function takeOut(tx: TallyDatabase, shop: string, from: { day: string; revenue: number }, referral: ReferralKey) {
  return tx.sql.run(
    "UPDATE referral_daily SET referrals = referrals - 1, revenue_minor = revenue_minor - ? WHERE shop = ? AND day = ? AND status = ? AND reason = ?",
    [from.revenue, shop, from.day, referral.status, referral.reason ?? ""],
  );
}

function putIn(tx: TallyDatabase, shop: string, to: { day: string; revenue: number }, referral: ReferralKey) {
  return tx.sql.run(
    `INSERT INTO referral_daily (shop, day, status, reason, referrals, revenue_minor)
    VALUES (?, ?, ?, ?, 1, ?)
    ON CONFLICT (shop, day, status, reason) DO UPDATE SET referrals = referral_daily.referrals + excluded.referrals,
      revenue_minor = referral_daily.revenue_minor + excluded.revenue_minor`,
    [shop, to.day, referral.status, referral.reason ?? "", to.revenue],
  );
}

/**
 * The order writer's side: the order's facts went from `before` to `after`; its referrals move with it. `known`:
 * the order's referrals as read with it in this unit of work (writeOrder reads them with the order after).
 */
export async function moveReferredOrder(
  tx: TallyDatabase,
  shop: string,
  orderId: string,
  before: ReferredOrder | null,
  after: ReferredOrder | null,
  known?: readonly ReferralKey[],
): Promise<void> {
  const from = referredDayOf(before);
  const to = referredDayOf(after);
  if ((!from && !to) || (from && to && from.day === to.day && from.revenue === to.revenue)) return;
  const referrals = known ?? (await tx.sql.all<ReferralKey>("SELECT status, reason FROM referrals WHERE shop = ? AND order_id = ?", [shop, orderId]));
  for (const referral of referrals) {
    if (from) await takeOut(tx, shop, from, referral);
    if (to) await putIn(tx, shop, to, referral);
  }
}

/**
 * The referral writer's side: the referral of order `orderId` went from `before` to `after` (null before it was
 * recorded). Runs in the writer's transaction, after its write.
 */
export async function moveReferral(tx: TallyDatabase, shop: string, orderId: string, before: ReferralKey | null, after: ReferralKey | null): Promise<void> {
  if (before && after && before.status === after.status && (before.reason ?? "") === (after.reason ?? "")) return;
  const row = await tx.sql.get<{ paid_at: unknown; cancelled_at: unknown; test: unknown; eligible_minor: number; refunded_minor: number }>(
    "SELECT paid_at, cancelled_at, test, eligible_minor, refunded_minor FROM orders WHERE shop = ? AND order_id = ?",
    [shop, orderId],
  );
  const day = referredDayOf(
    row
      ? {
          paidAt: dateOf(row.paid_at),
          cancelledAt: dateOf(row.cancelled_at),
          test: Boolean(row.test),
          eligibleMinor: Number(row.eligible_minor),
          refundedMinor: Number(row.refunded_minor),
        }
      : null,
  );
  if (!day) return;
  if (before) await takeOut(tx, shop, day, before);
  if (after) await putIn(tx, shop, day, after);
}
