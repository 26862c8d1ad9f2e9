// An order that used a Tally reward code settles the redemption: the points held when the code was issued are
// spent for good (the pending REDEMPTION transfer is posted).
import type { TallyDatabase } from "~/db/database.server";
import { canonicalReferralCode } from "~/loyalty/referrals/referral-codes";

export async function settleRedemptionsForOrder(db: TallyDatabase, shop: string, orderId: string, discountCodes: string[], now: Date): Promise<void> {
  if (discountCodes.length === 0) return;
  const codes = [...new Set(discountCodes.map(canonicalReferralCode))];
  const redemptions = await db.prisma.redemption.findMany({ where: { shop, code: { in: codes }, status: { in: ["issuing", "issued", "used"] } } });
  for (const redemption of redemptions) {
    if (redemption.status === "used" && redemption.orderId !== orderId) continue;
    const outcome = await db.ledger.postPendingTransfer({ shop, pendingId: redemption.reservationId, idempotencyKey: `redemption:${redemption.id}:settle` });
    if (!outcome.ok && outcome.error !== "already_resolved") throw new Error(`settling redemption ${redemption.code}: ${outcome.message}`);
    await db.prisma.redemption.updateMany({ where: { id: redemption.id, status: { in: ["issuing", "issued"] } }, data: { status: "used", orderId, updatedAt: now } });
  }
}
