// A reward code unused after its lifetime (24 h by default) is disabled in Shopify and its points come back.
import type { TallyDatabase } from "~/db/database.server";
import { adoptOrphanHolds, UNISSUED_CODE_PREFIX } from "~/loyalty/redemption/orphan-holds.server";

/** Disables the discount behind a code in Shopify; given by the caller so tests and the demo use the stand-in. */
export type DeactivateDiscount = (shop: string, discountId: string) => Promise<void>;

/** What became of a hold someone else resolved first: an order posted it (used), or it was voided (released). */
async function resolvedAs(db: TallyDatabase, pendingId: string): Promise<"used" | "released"> {
  const resolution = await db.prisma.transfer.findUnique({ where: { pendingId }, select: { status: true } });
  return resolution?.status === "posted" ? "used" : "released";
}

export async function releaseLapsedRedemptions(db: TallyDatabase, now: Date, deactivate: DeactivateDiscount): Promise<number> {
  // Holds a stopped process left without a row get their row first, already lapsed, so the loop below frees them.
  await adoptOrphanHolds(db, now);
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
      memo: redemption.code.startsWith(UNISSUED_CODE_PREFIX) ? "Redemption stopped before its code was created" : `Code ${redemption.code} expired unused`,
    });
    // already_resolved: an order used the code at the last moment and settled it (used), or the redemption gave
    // the points back itself when Shopify refused the code and stopped before saying so (released).
    if (!outcome.ok && outcome.error !== "already_resolved") throw new Error(`releasing ${redemption.code}: ${outcome.message}`);
    await db.prisma.redemption.updateMany({
      where: { id: redemption.id, status: { in: ["issued", "issuing"] } },
      data: { status: outcome.ok ? "released" : await resolvedAs(db, redemption.reservationId), updatedAt: now },
    });
  }
  return lapsed.length;
}
