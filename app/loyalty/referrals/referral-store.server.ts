// Referrals from paid orders: attribute the order to the advocate whose code it carried, run the fraud checks,
// and reward the advocate once the friend's order is paid and past the pending window. The writer of referrals,
// with the staff's decisions (referral-decisions.server.ts) beside it (app/db/table-owners.mjs).
import { randomUUID } from "node:crypto";
import { prismaOf, type TallyDatabase, type Writer } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { referralRejection } from "./referral-checks";
import { canonicalReferralCode } from "./referral-codes";
import { normalizeEmail } from "./referral-identity";

interface PaidOrderFacts {
  shop: string;
  orderId: string;
  customerId: string | null;
  memberId: string | null;
  paidAt: Date | null;
  emailKey: string | null;
  shippingAddressKey: string | null;
  discountCodes: string;
  referralCode: string | null;
  pointsPostAt: Date | null;
  refundedMinor: number;
  cancelledAt: Date | null;
}

function candidateCodes(order: PaidOrderFacts): string[] {
  const discounts = JSON.parse(order.discountCodes) as unknown;
  const codes = [order.referralCode, ...(Array.isArray(discounts) ? discounts : [])].filter((code): code is string => typeof code === "string");
  return [...new Set(codes.map(canonicalReferralCode))];
}

/** Did the friend pay for an order before this one? Guests are recognised by their normalized email. */
async function hadEarlierPaidOrder(db: TallyDatabase, order: PaidOrderFacts & { paidAt: Date }): Promise<boolean> {
  const who = order.customerId ? { customerId: order.customerId } : order.emailKey ? { emailKey: order.emailKey } : null;
  if (!who) return false;
  const earlier = await db.prisma.loyaltyOrder.count({
    where: { shop: order.shop, ...who, orderId: { not: order.orderId }, paidAt: { lt: order.paidAt } },
  });
  return earlier > 0;
}

/** Records the referral an order carries, once per order. Rejected referrals are kept with their reason. */
export async function recordReferral(db: TallyDatabase, order: PaidOrderFacts, rules: ProgramRules, now: Date): Promise<void> {
  if (!order.paidAt) return;
  const codes = candidateCodes(order);
  if (codes.length === 0) return;
  const advocate = await db.prisma.member.findFirst({ where: { shop: order.shop, referralCode: { in: codes } } });
  if (!advocate) return;
  if (await db.prisma.referral.findUnique({ where: { shop_orderId: { shop: order.shop, orderId: order.orderId } } })) return;
  const rejection = referralRejection(
    { customerId: advocate.customerId, emailKey: normalizeEmail(advocate.email), addressKey: advocate.addressKey },
    {
      customerId: order.customerId,
      emailKey: order.emailKey,
      addressKey: order.shippingAddressKey,
      hadEarlierPaidOrder: await hadEarlierPaidOrder(db, { ...order, paidAt: order.paidAt }),
    },
    rules.referral.fraud,
  );
  try {
    await db.prisma.referral.create({
      data: {
        id: randomUUID(),
        shop: order.shop,
        advocateMemberId: advocate.id,
        friendCustomerId: order.customerId,
        orderId: order.orderId,
        code: advocate.referralCode ?? codes[0] ?? "",
        status: rejection ? "rejected" : "pending",
        reason: rejection,
        rewardAt: rejection ? null : (order.pointsPostAt ?? order.paidAt),
        createdAt: now,
        updatedAt: now,
      },
    });
  } catch (error) {
    // The same order settled twice at once: the first one recorded it.
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}

/** The ledger key of a referral's reward: one reward per friend's order, whoever pays it (the job or staff). */
export function referralRewardKey(orderId: string): string {
  return `referral:${orderId}:advocate`;
}

/** The ledger key of taking a referral's reward back: at most once per referral. */
export function referralReversalKey(orderId: string): string {
  return `referral:${orderId}:advocate:reversal`;
}

export interface ReferralToReward {
  id: string;
  shop: string;
  orderId: string;
  advocateMemberId: string;
}

/** Who decided, when staff did; the automatic path leaves it out. */
export interface ReferralDecider {
  name: string;
}

export type RewardOutcome =
  | { rewarded: true; points: number; transferId: string | null }
  /** The referral was no longer in the expected status: someone else decided it first. */
  | { rewarded: false };

/**
 * Pays the advocate's reward and marks the referral rewarded, if it is still `from` (pending for the job, pending
 * or rejected for a staff member's approval); every N-th reward also earns the milestone bonus. Both paths run
 * this, under the order's lock, so the reward is paid the same way and at most once (its ledger key is the
 * order's). Should a staff member's rejection land between the payment and the status change anyway (another
 * process without the lock), the payment is taken back here, so a rejected referral never keeps a reward.
 */
export async function rewardReferral(
  db: TallyDatabase,
  referral: ReferralToReward,
  rules: ProgramRules,
  now: Date,
  options: { from: "pending" | "rejected"; decidedBy?: ReferralDecider },
): Promise<RewardOutcome> {
  let transferId: string | null = null;
  const points = rules.referral.advocatePoints;
  if (points > 0) {
    const outcome = await db.ledger.recordTransfer({
      shop: referral.shop,
      memberId: referral.advocateMemberId,
      code: "REFERRAL_ADVOCATE",
      points,
      status: "posted",
      orderId: referral.orderId,
      idempotencyKey: referralRewardKey(referral.orderId),
    });
    // A conflict means the reward was paid before under other rules (the program's reward changed since): paid once.
    if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`referral reward: ${outcome.message}`);
    transferId = outcome.ok ? outcome.transfer.id : null;
  }
  const decided = options.decidedBy ? { decidedBy: options.decidedBy.name, decidedAt: now, reason: null } : {};
  const { count } = await db.prisma.referral.updateMany({
    where: { id: referral.id, status: options.from },
    data: { status: "rewarded", updatedAt: now, ...decided },
  });
  if (count === 0) {
    const current = await db.prisma.referral.findUnique({ where: { id: referral.id }, select: { status: true } });
    if (current?.status === "rejected" || current?.status === "cancelled") await reverseReferralReward(db, referral, "system");
    return { rewarded: false };
  }
  await payMilestone(db, referral, rules);
  return { rewarded: true, points: points > 0 ? points : 0, transferId };
}

async function payMilestone(db: TallyDatabase, referral: ReferralToReward, rules: ProgramRules): Promise<void> {
  const milestone = rules.referral.milestone;
  if (!milestone.enabled || milestone.points <= 0) return;
  const rewarded = await db.prisma.referral.count({ where: { shop: referral.shop, advocateMemberId: referral.advocateMemberId, status: "rewarded" } });
  if (rewarded % milestone.everyReferrals !== 0) return;
  const outcome = await db.ledger.recordTransfer({
    shop: referral.shop,
    memberId: referral.advocateMemberId,
    code: "MILESTONE_BONUS",
    points: milestone.points,
    status: "posted",
    idempotencyKey: `referral:milestone:${referral.advocateMemberId}:${rewarded}`,
    memo: `${rewarded} successful referrals`,
  });
  if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`milestone bonus: ${outcome.message}`);
}

/**
 * Takes a referral's reward back, when one was paid: a reversal of the REFERRAL_ADVOCATE transfer, once per
 * referral. Like a refund's reversal, it may leave the advocate below zero if the points were already spent.
 * Returns the reversal, or null when no reward had been paid.
 */
export async function reverseReferralReward(
  db: TallyDatabase,
  referral: Pick<ReferralToReward, "shop" | "orderId">,
  actor: string,
): Promise<{ transferId: string; points: number } | null> {
  const reward = await db.prisma.transfer.findUnique({
    where: { shop_idempotencyKey: { shop: referral.shop, idempotencyKey: referralRewardKey(referral.orderId) } },
    select: { id: true, points: true },
  });
  if (!reward) return null;
  const outcome = await db.ledger.reverseTransfer({
    shop: referral.shop,
    transferId: reward.id,
    points: Math.abs(reward.points),
    code: "ADJUSTMENT",
    idempotencyKey: referralReversalKey(referral.orderId),
    memo: `Referral of order ${referral.orderId} rejected`,
    actor,
  });
  if (!outcome.ok) throw new Error(`taking back referral reward: ${outcome.error}: ${outcome.message}`);
  return { transferId: outcome.transfer.id, points: Math.abs(outcome.transfer.points) };
}

/**
 * Rewards or cancels a pending referral. A refund or cancellation of the friend's order while it is pending
 * cancels the reward; once the window has passed, the advocate earns it. Only a pending referral is touched:
 * one a staff member rejected (or approved) stays as they decided.
 */
export async function settleReferral(db: TallyDatabase, order: PaidOrderFacts, rules: ProgramRules, now: Date): Promise<void> {
  const referral = await db.prisma.referral.findUnique({ where: { shop_orderId: { shop: order.shop, orderId: order.orderId } } });
  if (!referral || referral.status !== "pending") return;
  if (order.cancelledAt || order.refundedMinor > 0) {
    await db.prisma.referral.updateMany({
      where: { id: referral.id, status: "pending" },
      data: { status: "cancelled", reason: order.cancelledAt ? "order_cancelled" : "order_refunded", updatedAt: now },
    });
    return;
  }
  if (!referral.rewardAt || now.getTime() < referral.rewardAt.getTime()) return;
  await rewardReferral(db, referral, rules, now, { from: "pending" });
}

/** customers/redact: the advocate's referrals carry their new code instead of the one built from their name. */
export async function replaceAdvocateCode(db: Writer, shop: string, advocateMemberId: string, code: string, now: Date): Promise<void> {
  await prismaOf(db).referral.updateMany({ where: { shop, advocateMemberId }, data: { code, updatedAt: now } });
}

/** customers/redact: referrals the customer was the friend of name their pseudonym instead. */
export async function replaceFriendCustomer(db: Writer, shop: string, customerId: string, pseudonym: string, now: Date): Promise<void> {
  await prismaOf(db).referral.updateMany({ where: { shop, friendCustomerId: customerId }, data: { friendCustomerId: pseudonym, updatedAt: now } });
}

/** shop/redact: every referral of the shop. */
export async function eraseShopReferrals(db: Writer, shop: string): Promise<void> {
  await prismaOf(db).referral.deleteMany({ where: { shop } });
}
