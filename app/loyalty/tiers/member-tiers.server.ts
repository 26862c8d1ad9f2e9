// Tiers follow a qualifying total over a trailing window: spend, points earned on orders, or orders, net of refunds
// (docs/program.md, "Tiers"). It is read from the orders Tally recorded, and counted by qualifying-total.ts.
import type { TallyDatabase } from "~/db/database.server";
import { dateOf } from "~/db/driver-sql.server";
import { setMemberTierNow } from "~/loyalty/members/member-store.server";
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import { qualifyingTotalOf, qualifyingWindow, type QualifyingOrder } from "./qualifying-total";
import { heldTier, heldTierLookbackMs, type HeldTier } from "./tier-grace";

type PaidOrderRow = { order_id: string; paid_at: unknown; cancelled_at: unknown; test: unknown; eligible_minor: number; refunded_minor: number; earned_points: number | null };

/** A member's orders paid in [since, until), each with its id. */
export interface MemberOrders {
  memberId: string;
  since: Date;
  until: Date;
  orders: (QualifyingOrder & { orderId: string })[];
}

/** A member's orders paid in [since, until), leaving out one order (the one being paid). */
async function ordersPaidIn(db: TallyDatabase, shop: string, memberId: string, since: Date, until: Date, excludeOrderId?: string): Promise<MemberOrders> {
  const rows = await db.sql.all<PaidOrderRow>(
    `SELECT order_id, paid_at, cancelled_at, test, eligible_minor, refunded_minor, earned_points FROM orders
    WHERE shop = ? AND member_id = ? AND paid_at >= ? AND paid_at < ? AND order_id <> ?`,
    // No order has an empty id: leaving none out.
    [shop, memberId, since, until, excludeOrderId ?? ""],
  );
  const orders = rows.map((row) => ({
    orderId: row.order_id,
    paidAt: dateOf(row.paid_at),
    cancelledAt: dateOf(row.cancelled_at),
    test: Boolean(row.test),
    eligibleMinor: Number(row.eligible_minor),
    refundedMinor: Number(row.refunded_minor),
    earnedPoints: row.earned_points === null ? null : Number(row.earned_points),
  }));
  return { memberId, since, until, orders };
}

/**
 * The member's orders that decide the tier held at each of `moments` (orders paid before it, back through the
 * window and the grace period), in one read: settling a paid order asks for the tier it was paid at and, at the
 * end, for the tier held now (docs/decisions/068-an-order-is-read-once-per-event.md).
 */
export function readMemberOrders(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, moments: readonly Date[]): Promise<MemberOrders> {
  const times = moments.map((moment) => moment.getTime());
  return ordersPaidIn(db, shop, memberId, new Date(Math.min(...times) - heldTierLookbackMs(rules)), new Date(Math.max(...times)));
}

/**
 * The tier held with the orders paid before `until`, from orders read before (readMemberOrders); null when they do
 * not cover the span it needs. heldTier counts only the orders of that span, so more orders read change nothing.
 */
export function heldTierFrom(read: MemberOrders, rules: ProgramRules, until: Date, excludeOrderId?: string): HeldTier | null {
  if (until.getTime() - heldTierLookbackMs(rules) < read.since.getTime() || until.getTime() > read.until.getTime()) return null;
  return heldTier(excludeOrderId ? read.orders.filter((order) => order.orderId !== excludeOrderId) : read.orders, rules, until);
}

/** A member's qualifying total in [until − window, until), leaving out one order (the one being paid). */
export async function qualifyingTotal(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, until: Date, excludeOrderId?: string): Promise<number> {
  // Only the window's orders are read (the orders (shop, member_id, paid_at) index); qualifyingTotalOf decides.
  const window = qualifyingWindow(rules, until);
  return qualifyingTotalOf((await ordersPaidIn(db, shop, memberId, window.since, window.until, excludeOrderId)).orders, rules, until);
}

/**
 * The tier held with the orders paid before `until` (tier-grace.ts: the grace period keeps a tier the total fell
 * below); the orders of the window and of the grace period before it are read, by the same index.
 */
export async function heldTierUntil(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, until: Date, excludeOrderId?: string): Promise<HeldTier> {
  const since = new Date(until.getTime() - heldTierLookbackMs(rules));
  return heldTier((await ordersPaidIn(db, shop, memberId, since, until, excludeOrderId)).orders, rules, until);
}

/** The tier the member held at a moment, from their orders before it: the tier an order paid then earns at. */
export async function tierAt(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, at: Date, excludeOrderId: string): Promise<Tier> {
  return (await heldTierUntil(db, shop, memberId, rules, at, excludeOrderId)).tier;
}

/**
 * The tier the member's next order earns at, from their orders paid up to and including `now`, with the grace
 * period's kept tier (`keptUntil`). Surfaces show this rather than the stored tier, which orders ageing out of the
 * window move only at the next daily tier check (tier-aging.server.ts).
 */
export async function tierNow(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, now: Date): Promise<HeldTier> {
  return heldTierUntil(db, shop, memberId, rules, new Date(now.getTime() + 1));
}

/**
 * Re-evaluates the tier a member holds now (re-tiering one member); balances are never touched. `read`: the
 * member's orders as they stand now, read by readMemberOrders in the same unit of work, when they cover the span.
 */
export async function refreshMemberTier(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, now: Date, read?: MemberOrders): Promise<void> {
  const until = new Date(now.getTime() + 1);
  const { tier, total } = (read?.memberId === memberId ? heldTierFrom(read, rules, until) : null) ?? (await tierNow(db, shop, memberId, rules, now));
  await setMemberTierNow(db.sql, memberId, tier.key, total);
}
