// Referrals from paid orders: attribute the order to the advocate whose code it carried, run the fraud checks,
// and reward the advocate once the friend's order is paid and past the pending window.
import { randomUUID } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
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

/**
 * Rewards or cancels a pending referral. A refund or cancellation of the friend's order while it is pending
 * cancels the reward; once the window has passed, the advocate earns it, and every N-th reward earns the
 * milestone bonus when the program has one.
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
  if (rules.referral.advocatePoints > 0) {
    const outcome = await db.ledger.recordTransfer({
      shop: order.shop,
      memberId: referral.advocateMemberId,
      code: "REFERRAL_ADVOCATE",
      points: rules.referral.advocatePoints,
      status: "posted",
      orderId: order.orderId,
      idempotencyKey: `referral:${order.orderId}:advocate`,
    });
    if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`referral reward: ${outcome.message}`);
  }
  const { count } = await db.prisma.referral.updateMany({ where: { id: referral.id, status: "pending" }, data: { status: "rewarded", updatedAt: now } });
  if (count === 0) return;
  const milestone = rules.referral.milestone;
  if (!milestone.enabled || milestone.points <= 0) return;
  const rewarded = await db.prisma.referral.count({ where: { shop: order.shop, advocateMemberId: referral.advocateMemberId, status: "rewarded" } });
  if (rewarded % milestone.everyReferrals !== 0) return;
  const outcome = await db.ledger.recordTransfer({
    shop: order.shop,
    memberId: referral.advocateMemberId,
    code: "MILESTONE_BONUS",
    points: milestone.points,
    status: "posted",
    idempotencyKey: `referral:milestone:${referral.advocateMemberId}:${rewarded}`,
    memo: `${rewarded} successful referrals`,
  });
  if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`milestone bonus: ${outcome.message}`);
}
