// A shopper spends points on a reward: the points are held (a pending REDEMPTION transfer), a single-use code
// restricted to them is created in Shopify, and the code is returned; a store-credit reward is credited to their
// Shopify store credit account instead, and its points are spent as soon as Shopify confirms the credit. The
// shopper's request id makes it idempotent: the same request gives the same code and holds the points once. An
// order that uses the code posts the hold (redemption-settlement.server.ts); a code unused when it lapses is
// disabled and the points come back (app/loyalty/redemption/release-lapsed-redemptions.server.ts); a code or a
// credit Shopify refused gives the points back at once. A credit whose answer was lost keeps them held until Shopify
// has been asked whether it made it (lost-credits.server.ts). The reward is stored with the redemption as it was bought:
// later edits of the catalogue do not change what an issued code gives (docs/decisions/038-reward-catalogue.md).
import { randomInt, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { TallyDatabase } from "~/db/database.server";
import { CODE_ALPHABET } from "~/loyalty/referrals/referral-codes";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { rewardDiscountInput } from "./discount-inputs";
import { createDiscount, type AdminFor } from "./reward-discounts.server";
import { findRewardVariant } from "./reward-products.server";
import { codeLifetimeHoursOf, findReward, openToTier, type Reward } from "./rewards";
import { tierNow } from "~/loyalty/tiers/member-tiers.server";
import { creditStoreCredit, StoreCreditUnansweredError } from "./store-credit.server";
import { isUniqueViolation } from "~/db/prisma-errors";
import { insertIssuingRedemption, lookForCreditAt, moveRedemption } from "./redemption-store.server";
import { log } from "~/operations/logger.server";
import { memberStanding } from "~/loyalty/exclusion/member-standing";

export interface RedeemRequest {
  shop: ShopRecord;
  customerId: string;
  rewardId: string;
  requestId: string;
  now: Date;
}

export interface IssuedCode {
  code: string;
  points: number;
  expiresAt: Date;
  reward: Reward;
  status: string;
}

export type RedeemResult =
  | { ok: true; redemption: IssuedCode }
  | { ok: false; error: "unknown_reward" | "reward_unavailable" | "request_conflict" | "redemption_in_progress" | "redemption_failed" }
  /** The member is out of the program (excluded by staff or a tag) or the program is paused: nothing is held. */
  | { ok: false; error: "not_in_program" | "program_paused" }
  | { ok: false; error: "insufficient_points"; needed: number; available: number }
  /** A tier-only reward, and the member's tier now is not one of its tiers (named, in the catalogue's order). */
  | { ok: false; error: "tier_only"; tierNames: string[] };

const HOUR_MS = 3_600_000;
/**
 * A store credit has no code to lapse; its row's expiresAt is when the lapsed-code job looks up a credit still
 * "issuing" (the process stopped while Shopify answered) in the customer's account.
 */
const STORE_CREDIT_ANSWER_MS = HOUR_MS;
/**
 * How long after a lost answer Shopify is asked whether it made the credit: long enough for a request that timed
 * out on Tally's side to have finished on Shopify's (docs/decisions/070-a-lost-store-credit-answer-is-looked-up.md).
 */
export const LOOK_FOR_LOST_CREDIT_AFTER_MS = 5 * 60_000;
/** A store credit's reference begins so: it is no discount code, and nothing can be done with it at checkout. */
export const STORE_CREDIT_CODE_PREFIX = "CREDIT-";
/** How long a second copy of a request waits for the first to finish creating the code. */
const WAIT_FOR_ISSUE_MS = 5_000;

export function newRewardCode(random: (max: number) => number = randomInt, prefix = "TALLY-"): string {
  let code = prefix;
  for (let i = 0; i < 8; i++) code += (i === 4 ? "-" : "") + CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

type RedemptionRow = NonNullable<Awaited<ReturnType<TallyDatabase["prisma"]["redemption"]["findUnique"]>>>;

function answerFor(row: RedemptionRow, rewardId: string): RedeemResult {
  // A row without its reward was written by the lapsed-code job for a hold this request left behind when its
  // process stopped (orphan-holds.server.ts): those points were given back, and this request made no code.
  if (!row.reward) return { ok: false, error: "redemption_failed" };
  const reward = JSON.parse(row.reward) as Reward;
  if (reward.id !== rewardId) return { ok: false, error: "request_conflict" };
  if (row.status === "issuing") return { ok: false, error: "redemption_in_progress" };
  if (row.status === "failed") return { ok: false, error: "redemption_failed" };
  return { ok: true, redemption: { code: row.code, points: row.points, expiresAt: row.expiresAt, reward, status: row.status } };
}

async function earlierAnswer(db: TallyDatabase, memberId: string, requestId: string, rewardId: string): Promise<RedeemResult | null> {
  const deadline = Date.now() + WAIT_FOR_ISSUE_MS;
  for (;;) {
    const row = await db.prisma.redemption.findUnique({ where: { memberId_requestId: { memberId, requestId } } });
    if (!row) return null;
    const answer = answerFor(row, rewardId);
    if (answer.ok || answer.error !== "redemption_in_progress" || Date.now() >= deadline) return answer;
    await sleep(100);
  }
}

async function available(db: TallyDatabase, memberId: string): Promise<number> {
  // A debt (a negative balance, ADR 021) is not told as "-500 points" here either.
  return Math.max(0, (await db.prisma.balance.findUnique({ where: { memberId }, select: { available: true } }))?.available ?? 0);
}

type Priced = { ok: true; reward: Reward } | { ok: false; error: "reward_unavailable" | "redemption_failed" };

/** A free product is priced now, from the variant as Shopify has it; a variant that is gone is no reward. */
async function priced(adminFor: AdminFor, shop: ShopRecord, reward: Reward): Promise<Priced> {
  if (reward.kind !== "free_product") return { ok: true, reward };
  try {
    const variant = await findRewardVariant(adminFor, shop.domain, shop.currencyCode, reward.variantId);
    if (!variant) return { ok: false, error: "reward_unavailable" };
    return { ok: true, reward: { ...reward, amountMinor: variant.priceMinor } };
  } catch (error) {
    log().warn({ shop: shop.domain, reward: reward.id, err: error }, "a free product could not be priced; no points were held");
    return { ok: false, error: "redemption_failed" };
  }
}

export async function redeemReward(db: TallyDatabase, adminFor: AdminFor, request: RedeemRequest): Promise<RedeemResult> {
  const { shop, customerId, rewardId, requestId, now } = request;
  const offered = findReward(shop.rules, rewardId);
  const member = await db.prisma.member.findUnique({
    where: { shop_customerId: { shop: shop.domain, customerId } },
    select: { id: true, tags: true, excludedAt: true },
  });
  if (!member) return offered ? { ok: false, error: "insufficient_points", needed: offered.points, available: 0 } : { ok: false, error: "unknown_reward" };

  const earlier = await earlierAnswer(db, member.id, requestId, rewardId);
  if (earlier) return earlier;
  // After the earlier answer: a code issued before the exclusion or pause is still the shopper's to see again.
  const standing = memberStanding(member, shop.rules, now);
  if (standing !== "in") return { ok: false, error: standing === "paused" ? "program_paused" : "not_in_program" };
  if (!offered) return { ok: false, error: "unknown_reward" };
  if (offered.tierKeys) {
    const { tier } = await tierNow(db, shop.domain, member.id, shop.rules, now);
    if (!openToTier(offered, tier.key)) {
      const tierNames = shop.rules.tiers.filter((candidate) => offered.tierKeys?.includes(candidate.key)).map((candidate) => candidate.name);
      return { ok: false, error: "tier_only", tierNames };
    }
  }
  const pricing = await priced(adminFor, shop, offered);
  if (!pricing.ok) return pricing;
  const { reward } = pricing;

  const hold = await db.ledger.reservePointsForReward({
    shop: shop.domain,
    memberId: member.id,
    points: reward.points,
    idempotencyKey: `redeem:${member.id}:${requestId}`,
    memo: `Reward ${reward.id}`,
  });
  if (!hold.ok) {
    if (hold.error === "insufficient_points") return { ok: false, error: "insufficient_points", needed: reward.points, available: await available(db, member.id) };
    if (hold.error === "idempotency_conflict") return { ok: false, error: "request_conflict" };
    throw new Error(`reserving points for ${reward.id}: ${hold.message}`);
  }

  const id = randomUUID();
  const credit = reward.kind === "store_credit";
  const expiresAt = new Date(now.getTime() + (credit ? STORE_CREDIT_ANSWER_MS : codeLifetimeHoursOf(reward) * HOUR_MS));
  const newCode = () => (credit ? newRewardCode(randomInt, STORE_CREDIT_CODE_PREFIX) : newRewardCode());
  let code = newCode();
  for (let attempt = 1; ; attempt++) {
    try {
      await insertIssuingRedemption(db.prisma, {
        id,
        shop: shop.domain,
        memberId: member.id,
        code,
        points: reward.points,
        reservationId: hold.transfer.id,
        expiresAt,
        requestId,
        reward: JSON.stringify(reward),
        now,
      });
      break;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same request, sent twice at once: the other copy holds the row and creates the code.
      const other = await earlierAnswer(db, member.id, requestId, rewardId);
      if (other) return other;
      if (attempt >= 3) throw error;
      code = newCode();
    }
  }

  const refused = async (error: unknown, what: string): Promise<RedeemResult> => {
    const released = await db.ledger.voidPendingTransfer({
      shop: shop.domain,
      pendingId: hold.transfer.id,
      code: "REDEMPTION_RELEASE",
      // Its own key, not the lapsed-code job's (`:release`): were this process to stop before marking the row
      // failed, the job finds the hold already voided instead of a conflicting use of its key.
      idempotencyKey: `redemption:${id}:refused`,
      memo: what,
    });
    if (!released.ok && released.error !== "already_resolved") throw new Error(`releasing ${code}: ${released.message}`, { cause: error });
    await moveRedemption(db.prisma, id, "fail", new Date());
    log().warn({ shop: shop.domain, redemption: id, err: error }, `a redemption failed: ${what}; points released`);
    return { ok: false, error: "redemption_failed" };
  };

  if (reward.kind === "store_credit") {
    let creditTransactionId: string;
    try {
      creditTransactionId = await creditStoreCredit(adminFor, { shop: shop.domain, customerId, amountMinor: reward.amountMinor, currencyCode: shop.currencyCode });
    } catch (error) {
      if (!(error instanceof StoreCreditUnansweredError)) return refused(error, `Shopify did not credit store credit ${code}`);
      // Shopify may have made the credit: giving the points back now could pay the reward twice. They stay held
      // until the lapsed-code job has looked the credit up.
      const at = new Date();
      await lookForCreditAt(db.prisma, id, new Date(at.getTime() + LOOK_FOR_LOST_CREDIT_AFTER_MS), at);
      log().warn({ shop: shop.domain, redemption: id, err: error }, "a store credit's answer was lost; its points stay held until Shopify is asked whether it made it");
      return { ok: false, error: "redemption_in_progress" };
    }
    // Shopify confirmed the credit: the held points are spent for good.
    const spent = await db.ledger.postPendingTransfer({ shop: shop.domain, pendingId: hold.transfer.id, idempotencyKey: `redemption:${id}:credit` });
    if (!spent.ok && spent.error !== "already_resolved") throw new Error(`spending the points of store credit ${code}: ${spent.message}`);
    await moveRedemption(db.prisma, id, "credit", new Date(), { creditTransactionId });
    return { ok: true, redemption: { code, points: reward.points, expiresAt, reward, status: "credited" } };
  }

  try {
    const discountId = await createDiscount(
      adminFor,
      shop.domain,
      code,
      rewardDiscountInput({ code, reward, customerId, currencyCode: shop.currencyCode, startsAt: now, expiresAt }),
    );
    await moveRedemption(db.prisma, id, "issue", new Date(), { discountId });
  } catch (error) {
    return refused(error, `Shopify did not create code ${code}`);
  }
  return { ok: true, redemption: { code, points: reward.points, expiresAt, reward, status: "issued" } };
}
