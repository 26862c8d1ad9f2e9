// A store-credit redemption still "issuing" when its time is up: Shopify's answer was lost, or the process stopped
// while it waited. storeCreditAccountCredit takes no idempotency key, so whether Shopify made the credit is read
// from the customer's account (findLostStoreCredit): a credit found spends the held points, as a confirmed one
// does; none found gives them back. A shop Tally cannot read keeps the points held until it can
// (docs/decisions/070-a-lost-store-credit-answer-is-looked-up.md).
import type { TallyDatabase } from "~/db/database.server";
import { findShop } from "~/loyalty/program/shop-store.server";
import { holdResolution } from "./redemption-settlement.server";
import { claimedStoreCredits, moveRedemption } from "./redemption-store.server";
import type { AdminFor } from "./reward-discounts.server";
import type { Reward } from "./rewards";
import { findLostStoreCredit, StoreCreditUnansweredError } from "./store-credit.server";

export interface UnansweredCredit {
  id: string;
  shop: string;
  memberId: string;
  code: string;
  reservationId: string;
  reward: string | null;
  createdAt: Date;
}

/** The store-credit reward a redemption bought, or null for a code (or a hold adopted without its reward). */
export function storeCreditOf(redemption: { reward: string | null }): Extract<Reward, { kind: "store_credit" }> | null {
  if (!redemption.reward) return null;
  const reward = JSON.parse(redemption.reward) as Reward;
  return reward.kind === "store_credit" ? reward : null;
}

/**
 * Returns how the credit ended: "credited" (found in Shopify) or "failed" (Shopify made none; points back). Throws
 * StoreCreditUnansweredError, changing nothing, when Shopify cannot be read.
 */
export async function settleUnansweredCredit(db: TallyDatabase, adminFor: AdminFor, redemption: UnansweredCredit, now: Date): Promise<"credited" | "failed"> {
  const reward = storeCreditOf(redemption);
  if (!reward) throw new Error(`redemption ${redemption.id} is not a store credit`);
  const [shop, member] = await Promise.all([
    findShop(db.read, redemption.shop),
    db.read.member.findUnique({ where: { id: redemption.memberId }, select: { customerId: true } }),
  ]);
  if (!shop || !member) throw new Error("the shop or the member is gone");
  const asked = {
    shop: shop.domain,
    customerId: member.customerId,
    amountMinor: reward.amountMinor,
    currencyCode: shop.currencyCode,
    askedAt: redemption.createdAt,
    claimed: await claimedStoreCredits(db.read, redemption.memberId),
  };
  let found: string | null;
  try {
    found = await findLostStoreCredit(adminFor, asked);
  } catch (error) {
    throw new StoreCreditUnansweredError(`Shopify could not be asked whether it made store credit ${redemption.code}: ${(error as Error).message}`, { cause: error });
  }
  if (found) {
    // The key the redemption itself spends with: a request that got its answer after all meets this one there.
    const spent = await db.ledger.postPendingTransfer({ shop: shop.domain, pendingId: redemption.reservationId, idempotencyKey: `redemption:${redemption.id}:credit` });
    if (!spent.ok && (spent.error !== "already_resolved" || (await holdResolution(db, redemption.reservationId)) !== "posted")) {
      throw new Error(`Shopify credited store credit ${redemption.code} (${found}), but its points could not be spent: ${spent.ok ? "" : spent.message}`);
    }
    await moveRedemption(db.prisma, redemption.id, "credit", now, { creditTransactionId: found });
    return "credited";
  }
  const released = await db.ledger.voidPendingTransfer({
    shop: shop.domain,
    pendingId: redemption.reservationId,
    code: "REDEMPTION_RELEASE",
    // The key a refused credit is given back with (redeem-reward.server.ts): the two never both give.
    idempotencyKey: `redemption:${redemption.id}:refused`,
    memo: `Shopify made no store credit for ${redemption.code}`,
  });
  if (!released.ok && (released.error !== "already_resolved" || (await holdResolution(db, redemption.reservationId)) !== "voided")) {
    throw new Error(`releasing store credit ${redemption.code}: ${released.ok ? "" : released.message}`);
  }
  await moveRedemption(db.prisma, redemption.id, "fail", now);
  return "failed";
}
