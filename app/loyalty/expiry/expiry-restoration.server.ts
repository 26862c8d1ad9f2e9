// A purchase paid before an expiry ran, but delivered after it, shows the member was not quiet: the points that
// expired come back, as a reversal of the EXPIRY transfer through the ledger writer (never an edit of it).
import type { TallyDatabase } from "~/db/database.server";
import { dateOf } from "~/db/driver-sql.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { purchaseUndoesExpiry } from "./expiry-clock";

// The member's available points come with the expiries: settling an order checks them for a debt right after
// (redemption/points-debt.server.ts), and on PostgreSQL each read is a round trip. One row per expiry, or one row
// of nulls but the balance.
const EXPIRIES_AND_AVAILABLE = `SELECT b.available, t.id, t.points, t.created_at
  FROM (SELECT 1 AS one) AS one
  LEFT JOIN balances b ON b.member_id = ?
  LEFT JOIN transfers t ON t.member_id = ? AND t.code = 'EXPIRY' AND t.status = 'posted' AND t.reverses_id IS NULL AND t.created_at >= ?`;

/**
 * Gives back what expired after the order was paid. Returns the member's available points afterwards when this
 * gave nothing back (0 for a member with no balances yet), and undefined when it did: the ledger moved them since.
 */
export async function restoreExpiryForLatePurchase(
  db: TallyDatabase,
  order: { shop: string; orderId: string; memberId: string; paidAt: Date },
  rules: ProgramRules,
): Promise<number | undefined> {
  const rows = await db.sql.all<{ available: number | null; id: string | null; points: number | null; created_at: unknown }>(EXPIRIES_AND_AVAILABLE, [
    order.memberId,
    order.memberId,
    order.paidAt,
  ]);
  const expiries = rows.flatMap((row) => (row.id === null ? [] : [{ id: row.id, points: Number(row.points), createdAt: dateOf(row.created_at) as Date }]));
  let gaveBack = false;
  for (const expiry of expiries) {
    if (!purchaseUndoesExpiry(order.paidAt, expiry.createdAt, rules.expiry.monthsWithoutPurchase, rules.pauses ?? [])) continue;
    const outcome = await db.ledger.reverseTransfer({
      shop: order.shop,
      transferId: expiry.id,
      points: Math.abs(expiry.points),
      code: "EXPIRY_REVERSAL",
      idempotencyKey: `expiry:${expiry.id}:undo`,
      memo: `Order ${order.orderId} was paid before these points expired`,
    });
    if (!outcome.ok) throw new Error(`giving back expired points ${expiry.id}: ${outcome.message}`);
    gaveBack = true;
  }
  return gaveBack ? undefined : Number(rows[0]?.available ?? 0);
}
