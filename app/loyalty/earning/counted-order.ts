// "A counted order", defined once: what the dashboard's order sums, referral revenue, shoppers' order days and
// customer cover count (docs/decisions/026-each-rule-defined-once.md). The order writer keeps those rollups from
// these functions (order-rollups.server.ts); the bulk rebuild beside it uses the SQL forms below, and
// test/loyalty/order-rollups.test.ts holds the two equal.

export interface CountedOrderFacts {
  memberId: string | null;
  customerId: string | null;
  emailKey: string | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  test: boolean;
  eligibleMinor: number;
  refundedMinor: number;
}

/** An order counts when it is paid, not cancelled and not a test. */
export function isCountedOrder(order: Pick<CountedOrderFacts, "paidAt" | "cancelledAt" | "test">): boolean {
  return order.paidAt !== null && order.cancelledAt === null && !order.test;
}

/** What an order brought in: its eligible spend less its refunds. */
export function netRevenueMinor(order: Pick<CountedOrderFacts, "eligibleMinor" | "refundedMinor">): number {
  return order.eligibleMinor - order.refundedMinor;
}

/**
 * Who bought: `member:<id>`, else `customer:<id>`, else a guest checkout's `email:<normalized email>`; null for an
 * order that names no one (it is nobody's repeat purchase).
 */
export function shopperOf(order: Pick<CountedOrderFacts, "memberId" | "customerId" | "emailKey">): string | null {
  if (order.memberId) return `member:${order.memberId}`;
  if (order.customerId) return `customer:${order.customerId}`;
  if (order.emailKey) return `email:${order.emailKey}`;
  return null;
}

/** A moment's UTC day, `YYYY-MM-DD`: the day an order counts on. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A member is a customer on a day when they paid for a counted order in this many days before it. */
export const CUSTOMER_ACTIVE_DAYS = 365;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayAfter = (day: string, days: number) => utcDay(new Date((dayNumber(day) + days) * DAY_MS));

/**
 * What a pair of neighbouring counted days of one member gives (`earlier` is "" before the first, `later` "" after
 * the last): a gain the day after `later` when `earlier` is "" or more than CUSTOMER_ACTIVE_DAYS before it
 * (`lapsedSince` the day the earlier cover ran out, "" for a first order), and a lapse the day the earlier day's
 * cover runs out when `later` is "" or more than CUSTOMER_ACTIVE_DAYS after it. A member's cover is the sum over
 * their pairs.
 */
export function coverOfPair(earlier: string, later: string): { gain: { day: string; lapsedSince: string } | null; lapse: string | null } {
  const apart = earlier !== "" && later !== "" ? dayNumber(later) - dayNumber(earlier) : Infinity;
  const gap = apart > CUSTOMER_ACTIVE_DAYS;
  return {
    gain: later !== "" && gap ? { day: dayAfter(later, 1), lapsedSince: earlier === "" ? "" : dayAfter(earlier, CUSTOMER_ACTIVE_DAYS + 1) } : null,
    lapse: earlier !== "" && gap ? dayAfter(earlier, CUSTOMER_ACTIVE_DAYS + 1) : null,
  };
}

/** isCountedOrder as SQL over the orders row `o` (the same on SQLite, where test is 0 or 1, and PostgreSQL). */
export function countedOrderSql(o: string): string {
  return `${o}.paid_at IS NOT NULL AND ${o}.cancelled_at IS NULL AND NOT ${o}.test`;
}

/** netRevenueMinor as SQL over the orders row `o`. */
export function netRevenueSql(o: string): string {
  return `(${o}.eligible_minor - ${o}.refunded_minor)`;
}

/** shopperOf as SQL over the orders row `o`: NULL for an order that names no one. */
export function shopperSql(o: string): string {
  return `CASE WHEN ${o}.member_id IS NOT NULL THEN 'member:' || ${o}.member_id WHEN ${o}.customer_id IS NOT NULL THEN 'customer:' || ${o}.customer_id WHEN ${o}.email_key IS NOT NULL THEN 'email:' || ${o}.email_key END`;
}
