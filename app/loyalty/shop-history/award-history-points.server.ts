// Awarding points for orders read from the shop's history, when the merchant chooses to (docs/decisions/046).
// The dry run reads and writes nothing. The award releases each withheld order's earnings once and settles its
// points exactly as a live orders/paid does, under the same ledger key (order:<id>:earn), so a later orders/paid
// for the order, or a second award, finds the transfer there and pays nothing more. Refunds then reverse from what
// the order earned, as for any order.
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { releaseWithheldEarnings } from "~/loyalty/earning/order-store.server";
import { settleOrderPoints } from "~/loyalty/earning/settle-order.server";
import { withSettlementLock } from "~/loyalty/earning/settlement-lock.server";
import { programRulesNow } from "~/loyalty/program/shop-store.server";
import { awardFor, previewAward, type AwardPreview, type WithheldOrder } from "./history-award";
import { markAwarded } from "./history-run-store.server";

async function withheldOrders(db: TallyDatabase, shop: string): Promise<WithheldOrder[]> {
  const rows = await db.read.loyaltyOrder.findMany({
    where: { shop, earningsWithheld: true, paidAt: { not: null }, memberId: { not: null } },
    select: { orderId: true, memberId: true, test: true, eligibleMinor: true, refundedMinor: true, cancelledAt: true, tierAtPaid: true },
    orderBy: { paidAt: "asc" },
  });
  return rows.flatMap((row) =>
    row.memberId
      ? [{ orderId: row.orderId, memberId: row.memberId, test: row.test, eligibleMinor: row.eligibleMinor, refundedMinor: row.refundedMinor, cancelled: row.cancelledAt !== null, tierAtPaid: row.tierAtPaid }]
      : [],
  );
}

/** How many members would get how many points for the shop's past orders; nothing is written. */
export async function previewHistoryAward(db: TallyDatabase, shop: string): Promise<AwardPreview> {
  return previewAward(await withheldOrders(db, shop), await programRulesNow(db.sql, shop));
}

export type AwardOutcome = { ok: true; award: AwardPreview } | { ok: false; error: "not_found" | "nothing_to_award" };

/** Pays the points the dry run showed, order by order; safe to run again (a second run finds nothing withheld). */
export async function awardHistoryPoints(db: TallyDatabase, shop: string, runId: string, staff: StaffMember, now: Date): Promise<AwardOutcome> {
  const run = await db.read.shopHistoryImport.findFirst({ where: { id: runId, shop, status: "done" }, select: { id: true } });
  if (!run) return { ok: false, error: "not_found" };
  const rules = await programRulesNow(db.sql, shop);
  const orders = await withheldOrders(db, shop);
  const award = previewAward(orders, rules);
  if (orders.length === 0) return { ok: false, error: "nothing_to_award" };
  for (const order of orders) {
    const { earned } = awardFor(order, rules);
    await withSettlementLock(db, shop, () =>
      db.transaction(async (tx) => {
        if (await releaseWithheldEarnings(tx, shop, order.orderId, earned)) await settleOrderPoints(tx, shop, order.orderId, rules, now);
      }),
    );
  }
  await db.transaction(async (tx) => {
    await markAwarded(tx, runId, { members: award.members, points: award.points }, now);
    await recordAuditEvent(tx, { shop, staff, action: "history.points_awarded", subjectId: runId, details: { ...award }, at: now });
  });
  return { ok: true, award };
}
