// Qualifying spend: what a member's tier follows (docs/program.md, "Tiers"). The one definition; the bulk recount
// after a program save uses its SQL form beside it (qualifying-spend-sql.server.ts), which
// test/loyalty/qualifying-spend-sql.test.ts holds equal to this one over generated orders, on both databases.
import type { ProgramRules } from "~/loyalty/program/program-rules";

const DAY_MS = 86_400_000;

export interface SpendOrder {
  paidAt: Date | null;
  cancelledAt: Date | null;
  test: boolean;
  eligibleMinor: number;
  refundedMinor: number;
}

/** The trailing window spend counts in: [until − tierWindowDays, until). */
export function qualifyingWindow(rules: ProgramRules, until: Date): { since: Date; until: Date } {
  return { since: new Date(until.getTime() - rules.tierWindowDays * DAY_MS), until };
}

/** An order qualifies when paid inside the window and not cancelled; a test order only if the program counts them. */
export function qualifies(order: SpendOrder, rules: ProgramRules, window: { since: Date; until: Date }): boolean {
  if (!order.paidAt || order.paidAt < window.since || order.paidAt >= window.until) return false;
  return order.cancelledAt === null && (rules.earn.includeTestOrders || !order.test);
}

/** An order's eligible spend net of its refunds; a refund larger than the spend takes nothing from other orders. */
export function qualifyingAmount(order: SpendOrder): number {
  return Math.max(0, order.eligibleMinor - order.refundedMinor);
}

/** A member's qualifying spend up to `until` from their orders. */
export function qualifyingSpendOf(orders: readonly SpendOrder[], rules: ProgramRules, until: Date): number {
  const window = qualifyingWindow(rules, until);
  return orders.reduce((sum, order) => sum + (qualifies(order, rules, window) ? qualifyingAmount(order) : 0), 0);
}
