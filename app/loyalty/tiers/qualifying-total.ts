// A member's qualifying total: what their tier follows (docs/program.md, "Tiers"), in the program's tier measure,
// over the orders paid in a trailing window. The one definition; the bulk recount after a program save and the daily
// tier check use its SQL form beside it (qualifying-total-sql.server.ts), which test/loyalty/qualifying-total-sql.test.ts
// holds equal to this one over generated orders, for every measure, on both databases.
import { reversedPointsForRefunds } from "~/loyalty/earning/purchase-points";
import type { ProgramRules, TierMeasure } from "~/loyalty/program/program-rules";

const DAY_MS = 86_400_000;

export interface QualifyingOrder {
  paidAt: Date | null;
  cancelledAt: Date | null;
  test: boolean;
  eligibleMinor: number;
  refundedMinor: number;
  /** The points the order earned when it was paid; null until it is settled. */
  earnedPoints: number | null;
}

/** The trailing window orders count in: [until − tierWindowDays, until). */
export function qualifyingWindow(rules: ProgramRules, until: Date): { since: Date; until: Date } {
  return { since: new Date(until.getTime() - rules.tierWindowDays * DAY_MS), until };
}

/** An order qualifies when paid inside the window and not cancelled; a test order only if the program counts them. */
export function qualifies(order: QualifyingOrder, rules: ProgramRules, window: { since: Date; until: Date }): boolean {
  if (!order.paidAt || order.paidAt < window.since || order.paidAt >= window.until) return false;
  return order.cancelledAt === null && (rules.earn.includeTestOrders || !order.test);
}

/**
 * What one qualifying order adds, in `measure`: its eligible spend net of refunds (a refund larger than the spend
 * takes nothing from other orders); the points it earned less those its refunds took back (purchase points only:
 * bonuses, adjustments and imports do not make a tier, and a tier's own entry reward cannot lift a member into the
 * next); or 1 unless refunded in full.
 */
export function qualifyingAmount(order: QualifyingOrder, measure: TierMeasure): number {
  const spend = Math.max(0, order.eligibleMinor - order.refundedMinor);
  if (measure === "spend") return spend;
  if (measure === "orders") return spend > 0 ? 1 : 0;
  const earned = order.earnedPoints ?? 0;
  return Math.max(0, earned - reversedPointsForRefunds(earned, order.eligibleMinor, order.refundedMinor));
}

/** A member's qualifying total up to `until` from their orders, in the program's tier measure. */
export function qualifyingTotalOf(orders: readonly QualifyingOrder[], rules: ProgramRules, until: Date): number {
  const window = qualifyingWindow(rules, until);
  return orders.reduce((sum, order) => sum + (qualifies(order, rules, window) ? qualifyingAmount(order, rules.tierMeasure) : 0), 0);
}
