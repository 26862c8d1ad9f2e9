// A reward code unused after its lifetime (24 h by default) is disabled in Shopify and its points come back.
import type { TallyDatabase } from "~/db/database.server";

/** Disables the discount behind a code in Shopify; given by the caller so tests and the demo use the stand-in. */
export type DeactivateDiscount = (shop: string, discountId: string) => Promise<void>;

export async function releaseLapsedRedemptions(db: TallyDatabase, now: Date, deactivate: DeactivateDiscount): Promise<number> {
  // "issuing": the app stopped between holding the points and hearing back from Shopify. The code (if Shopify made
  // it) ends at expiresAt by itself, so past that moment its points can come back too.
  const lapsed = await db.prisma.redemption.findMany({ where: { status: { in: ["issued", "issuing"] }, expiresAt: { lte: now } } });
  for (const redemption of lapsed) {
    // Disable first: a code that still works must not also give the points back.
    if (redemption.discountId) await deactivate(redemption.shop, redemption.discountId);
    const outcome = await db.ledger.voidPendingTransfer({
      shop: redemption.shop,
      pendingId: redemption.reservationId,
      code: "REDEMPTION_RELEASE",
      idempotencyKey: `redemption:${redemption.id}:release`,
      memo: `Code ${redemption.code} expired unused`,
    });
    // already_resolved: an order used the code at the last moment and settled it; then it is used, not released.
    if (!outcome.ok && outcome.error !== "already_resolved") throw new Error(`releasing ${redemption.code}: ${outcome.message}`);
    await db.prisma.redemption.updateMany({
      where: { id: redemption.id, status: { in: ["issued", "issuing"] } },
      data: { status: outcome.ok ? "released" : "used", updatedAt: now },
    });
  }
  return lapsed.length;
}
