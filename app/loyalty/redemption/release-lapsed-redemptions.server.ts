// A reward code unused after its lifetime (24 h by default) is disabled in Shopify and its points come back. A store
// credit still "issuing" at its time is looked up in Shopify instead (lost-credits.server.ts).
import type { TallyDatabase } from "~/db/database.server";
import { adoptOrphanHolds, UNISSUED_CODE_PREFIX } from "~/loyalty/redemption/orphan-holds.server";
import { holdResolution } from "~/loyalty/redemption/redemption-settlement.server";
import { OPEN_STATUSES } from "./redemption-states";
import { moveRedemption } from "./redemption-store.server";
import { settleUnansweredCredit, storeCreditOf } from "./lost-credits.server";
import type { AdminFor } from "./reward-discounts.server";
import { StoreCreditUnansweredError } from "./store-credit.server";
import { log } from "~/operations/logger.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { logJobFailure } from "~/operations/job-failure-log.server";

/** Disables the discount behind a code in Shopify; given by the caller so tests and the demo use the stand-in. */
export type DeactivateDiscount = (shop: string, discountId: string) => Promise<void>;

/**
 * Releases lapsed codes and settles store credits whose answer was lost; returns how many it moved. Without
 * `adminFor`, and for a shop that uninstalled Tally, such a credit keeps its points held: only Shopify can say
 * whether it was made.
 */
export async function releaseLapsedRedemptions(
  db: TallyDatabase,
  now: Date,
  deactivate: DeactivateDiscount,
  report: ReportJobFailure = logJobFailure,
  adminFor?: AdminFor,
): Promise<number> {
  // Holds a stopped process left without a row get their row first, already lapsed, so the loop below frees them.
  try {
    await adoptOrphanHolds(db, now);
  } catch (error) {
    report({ job: "adopting reward holds left without a code", shop: "every shop" }, error);
  }
  // "issuing": the app stopped between holding the points and hearing back from Shopify. The code (if Shopify made
  // it) ends at expiresAt by itself, so past that moment its points can come back too.
  const lapsed = await db.prisma.redemption.findMany({ where: { status: { in: [...OPEN_STATUSES] }, expiresAt: { lte: now } } });
  const uninstalled = new Set(
    (await db.prisma.shop.findMany({ where: { domain: { in: [...new Set(lapsed.map((r) => r.shop))] }, uninstalledAt: { not: null } }, select: { domain: true } })).map((shop) => shop.domain),
  );
  let released = 0;
  for (const redemption of lapsed) {
    const credit = storeCreditOf(redemption) !== null;
    if (credit && (!adminFor || uninstalled.has(redemption.shop))) continue;
    try {
      if (credit && adminFor) await settleUnansweredCredit(db, adminFor, redemption, now);
      else await release(db, redemption, now, uninstalled.has(redemption.shop) ? null : deactivate);
      released += 1;
    } catch (error) {
      // Shopify out of reach is expected now and then: the points stay held and the next run asks again.
      if (error instanceof StoreCreditUnansweredError) log().warn({ shop: redemption.shop, redemption: redemption.id, err: error }, "a lost store credit could not be looked up; the next run asks again");
      else report({ job: credit ? "looking up a store credit whose answer was lost" : "releasing a lapsed reward code", shop: redemption.shop, item: `redemption ${redemption.id}` }, error);
    }
  }
  return released;
}

type Lapsed = Awaited<ReturnType<TallyDatabase["prisma"]["redemption"]["findMany"]>>[number];

async function release(db: TallyDatabase, redemption: Lapsed, now: Date, deactivate: DeactivateDiscount | null): Promise<void> {
  // Disable first: a code that still works must not also give the points back. A shop that uninstalled Tally
  // cannot be asked (uninstalling revokes the app's access token, and Shopify's cleanup removes webhooks, script
  // tags and admin links, not discounts: shopify.dev/docs/apps/build/authentication-authorization/app-installation/uninstall-app-api-request).
  // The code does not need it: it was created to end at expiresAt (app/loyalty/redemption/discount-inputs.ts), which has passed.
  if (redemption.discountId && deactivate) await deactivate(redemption.shop, redemption.discountId);
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
  const spent = !outcome.ok && (await holdResolution(db, redemption.reservationId)) === "posted";
  await moveRedemption(db.prisma, redemption.id, spent ? "use" : "release", now);
}
