// Time-based work on orders: points whose pending window has ended, and referral rewards now due.
import type { TallyDatabase } from "~/db/database.server";
import { settleOrder } from "~/loyalty/earning/settle-order.server";
import { programRulesOf } from "~/loyalty/program/shop-store.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { logJobFailure } from "~/operations/job-failure-log.server";

interface OrderKey {
  shop: string;
  order_id: string;
}

/** Orders with an unresolved pending PURCHASE whose window has ended, or a referral reward due. */
async function dueOrders(db: TallyDatabase, now: Date): Promise<OrderKey[]> {
  const pendingPoints = await db.read.$queryRaw<OrderKey[]>`
    SELECT DISTINCT o.shop, o.order_id FROM orders o
    JOIN transfers t ON t.shop = o.shop AND t.order_id = o.order_id AND t.code = 'PURCHASE' AND t.status = 'pending'
    WHERE o.points_post_at <= ${now} AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.pending_id = t.id)`;
  const referrals = await db.read.referral.findMany({ where: { status: "pending", rewardAt: { lte: now } }, select: { shop: true, orderId: true } });
  const all = [...pendingPoints, ...referrals.map((r) => ({ shop: r.shop, order_id: r.orderId }))];
  return [...new Map(all.map((key) => [`${key.shop}|${key.order_id}`, key])).values()];
}

export async function settleDueOrders(db: TallyDatabase, now: Date, report: ReportJobFailure = logJobFailure): Promise<number> {
  const due = await dueOrders(db, now);
  let settled = 0;
  for (const { shop, order_id } of due) {
    try {
      await settleOrder(db, shop, order_id, await programRulesOf(db.read, shop), now);
      settled += 1;
    } catch (error) {
      report({ job: "settling an order whose points or referral reward came due", shop, item: `order ${order_id}` }, error);
    }
  }
  return settled;
}
