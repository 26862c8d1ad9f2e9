// A shopper spends points on a reward: the points are held (a pending REDEMPTION transfer), a single-use code
// restricted to them is created in Shopify, and the code is returned. The shopper's request id makes it
// idempotent: the same request gives the same code and holds the points once. An order that uses the code posts
// the hold (redemption-settlement.server.ts); a code unused when it lapses is disabled and the points come back
// (app/loyalty/redemption/release-lapsed-redemptions.server.ts); a code Shopify refused gives the points back at once.
import { randomInt, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { TallyDatabase } from "~/db/database.server";
import { CODE_ALPHABET } from "~/loyalty/referrals/referral-codes";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { rewardDiscountInput } from "./discount-inputs";
import { createDiscount, type AdminFor } from "./reward-discounts.server";
import { findReward, type Reward } from "./rewards";
import { isUniqueViolation } from "~/db/prisma-errors";
import { insertIssuingRedemption, moveRedemption } from "./redemption-store.server";
import { log } from "~/operations/logger.server";

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
  | { ok: false; error: "unknown_reward" | "request_conflict" | "redemption_in_progress" | "redemption_failed" }
  | { ok: false; error: "insufficient_points"; needed: number; available: number };

const HOUR_MS = 3_600_000;
/** How long a second copy of a request waits for the first to finish creating the code. */
const WAIT_FOR_ISSUE_MS = 5_000;

export function newRewardCode(random: (max: number) => number = randomInt): string {
  let code = "TALLY-";
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

export async function redeemReward(db: TallyDatabase, adminFor: AdminFor, request: RedeemRequest): Promise<RedeemResult> {
  const { shop, customerId, rewardId, requestId, now } = request;
  const reward = findReward(shop.rules, rewardId);
  const member = await db.prisma.member.findUnique({ where: { shop_customerId: { shop: shop.domain, customerId } }, select: { id: true } });
  if (!member) return reward ? { ok: false, error: "insufficient_points", needed: reward.points, available: 0 } : { ok: false, error: "unknown_reward" };

  const earlier = await earlierAnswer(db, member.id, requestId, rewardId);
  if (earlier) return earlier;
  if (!reward) return { ok: false, error: "unknown_reward" };

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
  const expiresAt = new Date(now.getTime() + shop.rules.redemption.codeLifetimeHours * HOUR_MS);
  let code = newRewardCode();
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
      code = newRewardCode();
    }
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
    const released = await db.ledger.voidPendingTransfer({
      shop: shop.domain,
      pendingId: hold.transfer.id,
      code: "REDEMPTION_RELEASE",
      // Its own key, not the lapsed-code job's (`:release`): were this process to stop before marking the row
      // failed, the job finds the hold already voided instead of a conflicting use of its key.
      idempotencyKey: `redemption:${id}:refused`,
      memo: `Shopify did not create code ${code}`,
    });
    if (!released.ok && released.error !== "already_resolved") throw new Error(`releasing ${code}: ${released.message}`, { cause: error });
    await moveRedemption(db.prisma, id, "fail", new Date());
    log().warn({ shop: shop.domain, redemption: id, err: error }, "a redemption failed: Shopify did not create its code; points released");
    return { ok: false, error: "redemption_failed" };
  }
  return { ok: true, redemption: { code, points: reward.points, expiresAt, reward, status: "issued" } };
}
