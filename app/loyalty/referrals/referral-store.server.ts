// Referrals from paid orders: attribute the order to the advocate whose code it carried, run the fraud checks,
// and reward the advocate once the friend's order is paid and past the pending window. The writer of referrals,
// with the staff's decisions (referral-decisions.server.ts) beside it (app/db/table-owners.mjs). Every change of a
// referral's status or reason moves referral_daily in the same transaction (referral-rollups.server.ts).
import { randomUUID } from "node:crypto";
import { prismaOf, type TallyDatabase, type Writer } from "~/db/database.server";
import { dateOf, placeholders } from "~/db/driver-sql.server";
import { memberExcluded, type MemberFacts } from "~/loyalty/exclusion/member-standing";
import { pausedAt } from "~/loyalty/program/program-pause";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { referralRejection } from "./referral-checks";
import { canonicalReferralCode } from "./referral-codes";
import { normalizeEmail } from "./referral-identity";
import { findOrder, type OrderReferral } from "~/loyalty/earning/stored-order.server";
import { moveReferral } from "./referral-rollups.server";

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
  /** The order's referral, read with the order in this unit of work (stored-order.server.ts). */
  referral: OrderReferral | null;
}

/** The order's referral once recordReferral has run: `recordedNow` when it recorded it. */
export interface OrderReferralNow {
  referral: OrderReferral | null;
  recordedNow: boolean;
}

function candidateCodes(order: PaidOrderFacts): string[] {
  const discounts = JSON.parse(order.discountCodes) as unknown;
  const codes = [order.referralCode, ...(Array.isArray(discounts) ? discounts : [])].filter((code): code is string => typeof code === "string");
  return [...new Set(codes.map(canonicalReferralCode))];
}

/** Did the friend pay for an order before this one? Guests are recognised by their normalized email. */
async function hadEarlierPaidOrder(db: TallyDatabase, order: PaidOrderFacts & { paidAt: Date }): Promise<boolean> {
  const who = order.customerId ? { column: "customer_id", value: order.customerId } : order.emailKey ? { column: "email_key", value: order.emailKey } : null;
  if (!who) return false;
  const earlier = await db.sql.get(
    `SELECT 1 AS found FROM orders WHERE shop = ? AND ${who.column} = ? AND order_id <> ? AND paid_at < ? LIMIT 1`,
    [order.shop, who.value, order.orderId, order.paidAt],
  );
  return earlier !== undefined;
}

/**
 * Records the referral an order carries, once per order. Rejected referrals are kept with their reason. Returns
 * the order's referral, `recordedNow` when this call recorded it, having just checked that the order is the
 * friend's first.
 */
export async function recordReferral(db: TallyDatabase, order: PaidOrderFacts, rules: ProgramRules, now: Date): Promise<OrderReferralNow> {
  const unchanged = { referral: order.referral, recordedNow: false };
  if (!order.paidAt || order.referral) return unchanged;
  const codes = candidateCodes(order);
  if (codes.length === 0) return unchanged;
  const advocate = await db.sql.get<{
    id: string; customer_id: string; email: string | null; address_key: string | null; referral_code: string | null; tags: string | null; excluded_at: unknown;
  }>(
    `SELECT id, customer_id, email, address_key, referral_code, tags, excluded_at FROM members WHERE shop = ? AND referral_code IN (${placeholders(codes.length)}) LIMIT 1`,
    [order.shop, ...codes],
  );
  if (!advocate) return unchanged;
  const rejection = referralRejection(
    { customerId: advocate.customer_id, emailKey: normalizeEmail(advocate.email), addressKey: advocate.address_key },
    {
      customerId: order.customerId,
      emailKey: order.emailKey,
      addressKey: order.shippingAddressKey,
      hadEarlierPaidOrder: await hadEarlierPaidOrder(db, { ...order, paidAt: order.paidAt }),
    },
    rules.referral.fraud,
  ) ?? standingRejection({ tags: advocate.tags, excludedAt: dateOf(advocate.excluded_at) }, order.paidAt, rules);
  const referral = {
    id: randomUUID(),
    advocateMemberId: advocate.id,
    status: rejection ? "rejected" : "pending",
    reason: rejection,
    rewardAt: rejection ? null : (order.pointsPostAt ?? order.paidAt),
  } as const;
  const recorded = await insertReferral(db, {
    ...referral,
    shop: order.shop,
    friendCustomerId: order.customerId,
    orderId: order.orderId,
    code: advocate.referral_code ?? codes[0] ?? "",
    createdAt: now,
  });
  if (recorded) return { referral, recordedNow: true };
  // The same order settled twice at once (the shop's lock keeps settlements apart; a writer without it need not):
  // the first one recorded it.
  return { referral: (await findOrder(db, order.shop, order.orderId))?.referral ?? null, recordedNow: false };
}

/**
 * An advocate out of the program, or a program paused when the friend paid, earns no reward: the referral is
 * recorded as rejected with that reason, which staff can still approve (docs/decisions/041-the-program-fits-the-shop.md).
 */
function standingRejection(advocate: MemberFacts, paidAt: Date, rules: ProgramRules): "advocate_excluded" | "program_paused" | null {
  if (memberExcluded(advocate, rules)) return "advocate_excluded";
  return pausedAt(rules, paidAt) ? "program_paused" : null;
}

export interface ReferralRecord {
  id: string;
  shop: string;
  advocateMemberId: string;
  friendCustomerId?: string | null;
  orderId: string;
  code: string;
  status: "pending" | "rewarded" | "rejected" | "cancelled";
  reason: string | null;
  rewardAt?: Date | null;
  createdAt: Date;
}

/**
 * Writes a referral and its place in referral_daily, in one transaction; false when the order already has one.
 * recordReferral writes through it, and so do fixtures that set up a referral in a given state.
 */
export function insertReferral(db: TallyDatabase, referral: ReferralRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx.sql.run(
      `INSERT INTO referrals (id, shop, advocate_member_id, friend_customer_id, order_id, code, status, reason, reward_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, order_id) DO NOTHING`,
      [
        referral.id, referral.shop, referral.advocateMemberId, referral.friendCustomerId ?? null, referral.orderId, referral.code,
        referral.status, referral.reason, referral.rewardAt ?? null, referral.createdAt, referral.createdAt,
      ],
    );
    if (inserted === 1) await moveReferral(tx, referral.shop, referral.orderId, null, { status: referral.status, reason: referral.reason });
    return inserted === 1;
  });
}

/** Sets a referral's status and reason as given, with referral_daily, in one transaction (fixtures and repairs). */
export function setReferralStatus(db: TallyDatabase, id: string, status: ReferralRecord["status"], reason: string | null, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const before = await tx.sql.get<{ shop: string; order_id: string; status: string; reason: string | null }>("SELECT shop, order_id, status, reason FROM referrals WHERE id = ?", [id]);
    if (!before) return false;
    await tx.sql.run("UPDATE referrals SET status = ?, reason = ?, updated_at = ? WHERE id = ?", [status, reason, now, id]);
    await moveReferral(tx, before.shop, before.order_id, before, { status, reason });
    return true;
  });
}

/** Deletes one referral and takes it out of referral_daily, in one transaction (fixtures and repairs). */
export function deleteReferral(db: TallyDatabase, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const before = await tx.sql.get<{ shop: string; order_id: string; status: string; reason: string | null }>("SELECT shop, order_id, status, reason FROM referrals WHERE id = ?", [id]);
    if (!before) return false;
    await tx.sql.run("DELETE FROM referrals WHERE id = ?", [id]);
    await moveReferral(tx, before.shop, before.order_id, before, null);
    return true;
  });
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
 * this, under the shop's settlement lock, so the reward is paid the same way and at most once (its ledger key is
 * the order's). Should a staff member's rejection land between the payment and the status change anyway (another
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
  const count = await db.transaction(async (tx) => {
    const before = await tx.sql.get<{ reason: string | null }>("SELECT reason FROM referrals WHERE id = ? AND status = ?", [referral.id, options.from]);
    if (!before) return 0;
    const changed = options.decidedBy
      ? await tx.sql.run("UPDATE referrals SET status = 'rewarded', updated_at = ?, decided_by = ?, decided_at = ?, reason = NULL WHERE id = ? AND status = ?", [
          now, options.decidedBy.name, now, referral.id, options.from,
        ])
      : await tx.sql.run("UPDATE referrals SET status = 'rewarded', updated_at = ? WHERE id = ? AND status = ?", [now, referral.id, options.from]);
    if (changed > 0) {
      await moveReferral(tx, referral.shop, referral.orderId, { status: options.from, reason: before.reason }, {
        status: "rewarded",
        reason: options.decidedBy ? null : before.reason,
      });
    }
    return changed;
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

/** Ends a referral that is still pending (cancelled or rejected, with its reason), with its place in referral_daily. */
async function closePendingReferral(
  db: TallyDatabase,
  order: PaidOrderFacts,
  referral: OrderReferral,
  status: "cancelled" | "rejected",
  reason: string,
  now: Date,
): Promise<void> {
  const closed = await db.sql.run("UPDATE referrals SET status = ?, reason = ?, updated_at = ? WHERE id = ? AND status = 'pending'", [status, reason, now, referral.id]);
  if (closed > 0) await moveReferral(db, order.shop, order.orderId, { status: "pending", reason: referral.reason }, { status, reason });
}

/**
 * Rewards or cancels a pending referral. A refund or cancellation of the friend's order while it is pending
 * cancels the reward; once the window has passed, the advocate earns it. Only a pending referral is touched:
 * one a staff member rejected (or approved) stays as they decided. The last argument is what recordReferral
 * returned in this same settlement: the order's referral, and whether it was recorded just now.
 */
export async function settleReferral(db: TallyDatabase, order: PaidOrderFacts, rules: ProgramRules, now: Date, { referral: row, recordedNow }: OrderReferralNow): Promise<void> {
  if (!row || row.status !== "pending") return;
  if (order.cancelledAt || order.refundedMinor > 0) {
    await closePendingReferral(db, order, row, "cancelled", order.cancelledAt ? "order_cancelled" : "order_refunded", now);
    return;
  }
  const rewardAt = row.rewardAt;
  if (!rewardAt || now.getTime() < rewardAt.getTime()) return;
  // Shopify's webhooks can arrive out of order: an earlier paid order of the friend's that arrived after this one
  // was recorded makes this one not their first. Like a refund, it counts until the reward is paid; a referral
  // recorded in this same settlement (recordedNow) was checked a moment ago.
  if (!recordedNow && order.paidAt && (await hadEarlierPaidOrder(db, { ...order, paidAt: order.paidAt }))) {
    await closePendingReferral(db, order, row, "rejected", "not_first_order", now);
    return;
  }
  const referral = { id: row.id, shop: order.shop, orderId: order.orderId, advocateMemberId: row.advocateMemberId };
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
