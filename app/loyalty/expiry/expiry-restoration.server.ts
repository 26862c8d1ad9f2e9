// A purchase paid before an expiry ran, but delivered after it, shows the member was not quiet: the points that
// expired come back, as a reversal of the EXPIRY transfer through the ledger writer (never an edit of it).
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { purchaseUndoesExpiry } from "./expiry-window";

export async function restoreExpiryForLatePurchase(
  db: TallyDatabase,
  order: { shop: string; orderId: string; memberId: string; paidAt: Date },
  rules: ProgramRules,
): Promise<void> {
  const expiries = await db.prisma.transfer.findMany({
    where: { memberId: order.memberId, code: "EXPIRY", status: "posted", reversesId: null, createdAt: { gte: order.paidAt } },
    select: { id: true, points: true, createdAt: true },
  });
  for (const expiry of expiries) {
    if (!purchaseUndoesExpiry(order.paidAt, expiry.createdAt, rules.expiry.monthsWithoutPurchase)) continue;
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
