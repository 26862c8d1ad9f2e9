// Brings an order's points in line with what Tally knows about it (order-settlement.ts decides, the ledger
// writer records). Called after every order event and by the job runner when a pending window ends. Its reads
// and writes run on the driver (docs/decisions/033-settlement-on-the-driver.md).
import type { TallyDatabase } from "~/db/database.server";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import { restoreExpiryForLatePurchase } from "~/loyalty/expiry/expiry-restoration.server";
import { heldTierFrom, readMemberOrders, refreshMemberTier, type MemberOrders } from "~/loyalty/tiers/member-tiers.server";
import { coverNegativeBalance } from "~/loyalty/redemption/points-debt.server";
import { settleRedemptionsForOrder } from "~/loyalty/redemption/redemption-settlement.server";
import { returnPointsForOrder } from "~/loyalty/redemption/return-redemption-points.server";
import { recordReferral, settleReferral } from "~/loyalty/referrals/referral-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { fixOrderEarnings } from "./order-store.server";
import { findOrder, type StoredOrder } from "./stored-order.server";
import { planOrderSettlement, type OrderLedger, type SettlementStep } from "./order-settlement";
import { purchasePoints } from "./purchase-points";
import { campaignBonus, runningCampaigns, type CampaignOrder } from "~/loyalty/campaigns/campaign-points";
import { collectionsOfProducts } from "~/loyalty/collections/collection-store.server";
import { orderEarns } from "~/loyalty/exclusion/member-standing";
import { withSettlementLock } from "./settlement-lock.server";
import { heldTierLookbackMs } from "~/loyalty/tiers/tier-grace";

const DAY_MS = 86_400_000;
const ORDER_LEDGER = `SELECT id, code, points, status, pending_id, reverses_id FROM transfers
  WHERE shop = ? AND order_id = ? AND member_id = ? AND code IN ('PURCHASE', 'REFUND_REVERSAL', 'CANCELLATION')`;
/** Each round moves the ledger one state closer; three are enough (void, re-hold or post, reverse). */
const MAX_ROUNDS = 5;

type OrderRow = StoredOrder;

/**
 * The order as bonus campaigns count it: its eligible spend and, for a campaign on chosen collections, the spend on
 * their products (kept per product at payment; membership from collection_products, read only when such a
 * campaign ran when the order was paid).
 */
async function campaignOrder(db: TallyDatabase, order: OrderRow, rules: ProgramRules, paidAt: Date): Promise<CampaignOrder> {
  const collections = [...new Set(runningCampaigns(rules.campaigns, paidAt).flatMap((campaign) => campaign.collectionIds))];
  const spend: Record<string, number> = collections.length > 0 && order.productSpend ? (JSON.parse(order.productSpend) as Record<string, number>) : {};
  const membership = await collectionsOfProducts(db.sql, order.shop, collections, Object.keys(spend));
  return {
    eligibleMinor: order.eligibleMinor,
    spendIn: (collectionIds) =>
      Object.entries(spend).reduce((sum, [product, minor]) => sum + ([...(membership.get(product) ?? [])].some((id) => collectionIds.includes(id)) ? minor : 0), 0),
  };
}

/** What fixing an order's earnings left: the order, and what settling it further need not read again. */
interface Fixed {
  order: OrderRow;
  /** The earnings were fixed by this settlement: the order has no ledger rows yet. */
  fixedNow: boolean;
  /** The member's orders as they stand now, read for the tier the order was paid at (null when not read). */
  memberOrders: MemberOrders | null;
}

/**
 * Fixes what a paid order earns, once: at the tier held when it was paid, before counting the order itself, plus
 * what the bonus campaigns running at that moment add (the order's own payment time decides, not when its webhook
 * arrives). One PURCHASE carries both, so refunds and cancellations take the campaigns' share back pro rata with it.
 */
async function fixEarnings(db: TallyDatabase, order: OrderRow, rules: ProgramRules, now: Date): Promise<Fixed> {
  if (!order.paidAt || order.earnedPoints !== null) return { order, fixedNow: false, memberOrders: null };
  let earned = 0;
  let tier: string | null = null;
  let campaigns = { points: 0, campaignIds: [] as string[] };
  let memberOrders: MemberOrders | null = null;
  // Paid during a pause, by an excluded customer: the order counts (tiers, dashboard) but earns nothing, for good.
  const earns = orderEarns({ paidAt: order.paidAt, customerTags: order.customerTags, memberExcludedAt: order.memberExcludedAt }, rules);
  if (order.memberId && (!order.test || rules.earn.includeTestOrders) && earns) {
    // Read once for the tier paid at and for the tier held now, which the end of the settlement asks for
    // (refreshMemberTier): unless the order was paid longer ago than the tiers look back, when one read would
    // take in more orders than both.
    const until = new Date(now.getTime() + 1);
    const moments = until.getTime() - order.paidAt.getTime() < heldTierLookbackMs(rules) ? [order.paidAt, until] : [order.paidAt];
    memberOrders = await readMemberOrders(db, order.shop, order.memberId, rules, moments);
    const held = heldTierFrom(memberOrders, rules, order.paidAt, order.orderId)?.tier;
    if (!held) throw new Error(`order ${order.orderId}: the member's orders read do not cover its payment`);
    earned = purchasePoints(order.eligibleMinor, rules.earn, held);
    tier = held.key;
    if (rules.campaigns.length > 0 && order.eligibleMinor > 0) {
      campaigns = campaignBonus(rules.campaigns, order.paidAt, await campaignOrder(db, order, rules, order.paidAt), rules.earn, held);
      earned += campaigns.points;
    }
  }
  const pointsPostAt = rules.earn.pendingDays > 0 ? new Date(order.paidAt.getTime() + rules.earn.pendingDays * DAY_MS) : null;
  // Under the shop's settlement lock no one else fixes them: when this write did, the order is as it says.
  const earnings = { points: earned, tier, postAt: pointsPostAt, campaignPoints: campaigns.points, campaignIds: campaigns.campaignIds };
  if (await fixOrderEarnings(db, order.shop, order.orderId, earnings)) {
    const fixed = { ...order, earnedPoints: earned, tierAtPaid: tier, pointsPostAt };
    // The read saw the order before its earnings: the tier now counts them (a tier measured in points).
    if (memberOrders) {
      memberOrders = { ...memberOrders, orders: memberOrders.orders.map((paid) => (paid.orderId === order.orderId ? { ...paid, earnedPoints: earned } : paid)) };
    }
    return { order: fixed, fixedNow: true, memberOrders };
  }
  const fixed = await findOrder(db, order.shop, order.orderId);
  if (!fixed) throw new Error(`order ${order.orderId} vanished while being settled`);
  return { order: fixed, fixedNow: false, memberOrders: null };
}

async function orderLedger(db: TallyDatabase, shop: string, orderId: string, memberId: string): Promise<OrderLedger> {
  const rows = await db.sql.all<{ id: string; code: string; points: number; status: string; pending_id: string | null; reverses_id: string | null }>(
    ORDER_LEDGER,
    [shop, orderId, memberId],
  );
  const resolved = new Set(rows.flatMap((row) => (row.pending_id ? [row.pending_id] : [])));
  const pendingRow = rows.find((row) => row.code === "PURCHASE" && row.status === "pending" && !resolved.has(row.id));
  const postedRow = rows.find((row) => row.code === "PURCHASE" && row.status === "posted");
  const reversed = postedRow ? rows.filter((row) => row.reverses_id === postedRow.id).reduce((sum, row) => sum + Math.abs(Number(row.points)), 0) : 0;
  return {
    pending: pendingRow ? { id: pendingRow.id, points: Number(pendingRow.points) } : null,
    posted: postedRow ? { id: postedRow.id, points: Number(postedRow.points) } : null,
    reversed,
  };
}

function apply(db: TallyDatabase, shop: string, orderId: string, memberId: string, step: SettlementStep): Promise<LedgerOutcome> {
  switch (step.kind) {
    case "earn":
      return db.ledger.recordTransfer({ shop, memberId, code: "PURCHASE", points: step.points, status: step.status, orderId, idempotencyKey: step.idempotencyKey });
    case "post":
      return db.ledger.postPendingTransfer({ shop, pendingId: step.pendingId, idempotencyKey: step.idempotencyKey });
    case "void":
      return db.ledger.voidPendingTransfer({ shop, pendingId: step.pendingId, code: step.code, idempotencyKey: step.idempotencyKey });
    case "reverse":
      return db.ledger.reverseTransfer({ shop, transferId: step.transferId, points: step.points, code: step.code, idempotencyKey: step.idempotencyKey });
  }
}

/** Settles the order's points; returns the order as settled (null when Tally has never heard of it). */
export async function settleOrderPoints(db: TallyDatabase, shop: string, orderId: string, rules: ProgramRules, now: Date): Promise<OrderRow | null> {
  const found = await findOrder(db, shop, orderId);
  return found ? (await settlePoints(db, found, rules, now)).order : null;
}

async function settlePoints(db: TallyDatabase, found: OrderRow, rules: ProgramRules, now: Date): Promise<Fixed> {
  const fixed = await fixEarnings(db, found, rules, now);
  const { order } = fixed;
  const { shop, orderId, memberId } = order;
  if (!memberId) return fixed;
  const facts = {
    orderId,
    earned: order.earnedPoints,
    eligibleMinor: order.eligibleMinor,
    refundedMinor: order.refundedMinor,
    cancelled: order.cancelledAt !== null,
    postAt: order.pointsPostAt,
  };
  // Earnings fixed a moment ago have never been planned from: the order's ledger is empty.
  let known: OrderLedger | null = fixed.fixedNow ? { pending: null, posted: null, reversed: 0 } : null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const ledger: OrderLedger = known ?? (await orderLedger(db, shop, orderId, memberId));
    known = null;
    const steps = planOrderSettlement(facts, ledger, now);
    if (steps.length === 0) return fixed;
    for (const step of steps) {
      const outcome = await apply(db, shop, orderId, memberId, step);
      // Another worker may have taken the same step a moment ago: a replay or an already-resolved pending
      // transfer means the ledger is where the step wanted it.
      if (!outcome.ok && outcome.error !== "already_resolved") {
        throw new Error(`settling order ${orderId}: ${outcome.error}: ${outcome.message}`);
      }
      // The most common round, a first earning, leaves a ledger the next round need not read back.
      if (steps.length === 1 && step.kind === "earn" && outcome.ok) {
        const earned = { id: outcome.transfer.id, points: outcome.transfer.points };
        known = outcome.transfer.status === "posted" ? { ...ledger, posted: earned, reversed: 0 } : { ...ledger, pending: earned };
      }
    }
  }
  throw new Error(`settling order ${orderId} did not converge after ${MAX_ROUNDS} rounds`);
}

/**
 * Everything an order event can change: the order's points, its referral (recorded, rewarded or cancelled), the
 * reward codes it used (and their points, given back when it is cancelled or refunded in full), and the member's
 * tier. Safe to run any number of times, in any order of events. One unit of work (or part of the caller's): a
 * failure half-way leaves nothing of it.
 */
export function settleOrder(db: TallyDatabase, shop: string, orderId: string, rules: ProgramRules, now: Date): Promise<void> {
  return withSettlementLock(db, shop, () =>
    db.transaction(async (tx) => {
      const found = await findOrder(tx, shop, orderId);
      if (found) await settleOrderNow(tx, found, rules, now);
    }),
  );
}

/**
 * settleOrder for an order its writer has just returned (order-store.server.ts), called in the unit of work that
 * wrote it, which holds the shop's settlement lock from the write on: nothing can have changed the order since, so
 * it is not read again (docs/decisions/068-an-order-is-read-once-per-event.md).
 */
export function settleRecordedOrder(db: TallyDatabase, recorded: StoredOrder, rules: ProgramRules, now: Date): Promise<void> {
  return withSettlementLock(db, recorded.shop, () => db.transaction((tx) => settleOrderNow(tx, recorded, rules, now)));
}

async function settleOrderNow(db: TallyDatabase, found: OrderRow, rules: ProgramRules, now: Date): Promise<void> {
  const { order, memberOrders } = await settlePoints(db, found, rules, now);
  const { shop, orderId } = order;
  if (!order.paidAt) return;
  await settleReferral(db, order, rules, now, await recordReferral(db, order, rules, now));
  const discountCodes = JSON.parse(order.discountCodes) as string[];
  await settleRedemptionsForOrder(db, shop, orderId, discountCodes, now);
  // Only now, after the codes are settled as used: a cancellation or refund that arrived before the payment is
  // applied here, when the payment arrives.
  await returnPointsForOrder(
    db,
    shop,
    { orderId, cancelled: order.cancelledAt !== null, eligibleMinor: order.eligibleMinor, refundedMinor: order.refundedMinor, discountCodes },
    rules,
    now,
  );
  if (!order.memberId) return;
  await refreshMemberTier(db, shop, order.memberId, rules, now, memberOrders ?? undefined);
  const available = await restoreExpiryForLatePurchase(db, { shop, orderId, memberId: order.memberId, paidAt: order.paidAt }, rules);
  // A reversal or a second spend may have taken more than the shopper had: unused codes cover it first.
  await coverNegativeBalance(db, shop, order.memberId, now, available);
}
