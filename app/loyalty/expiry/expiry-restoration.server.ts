// A purchase paid before an expiry ran, but delivered after it, shows the member was not quiet: the points that
// expired come back, as a reversal of the EXPIRY transfer through the ledger writer (never an edit of it).
import type { TallyDatabase } from "~/db/database.server";
import { dateOf } from "~/db/driver-sql.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { purchaseUndoesExpiry } from "./expiry-clock";

export async function restoreExpiryForLatePurchase(
  db: TallyDatabase,
  order: { shop: string; orderId: string; memberId: string; paidAt: Date },
  rules: ProgramRules,
): Promise<void> {
  const rows = await db.sql.all<{ id: string; points: number; created_at: unknown }>(
    "SELECT id, points, created_at FROM transfers WHERE member_id = ? AND code = 'EXPIRY' AND status = 'posted' AND reverses_id IS NULL AND created_at >= ?",
    [order.memberId, order.paidAt],
  );
  const expiries = rows.map((row) => ({ id: row.id, points: Number(row.points), createdAt: dateOf(row.created_at) as Date }));
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
  }
}
