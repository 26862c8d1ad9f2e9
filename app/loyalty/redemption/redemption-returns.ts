// When the points a shopper spent on a reward come back because of what happened to the order that used it: the
// order was cancelled, or it was refunded in full and the program gives points back for that (on by default). A
// partial refund gives nothing back: the shopper keeps the rest of the order, and with it the discount.
// Each redemption comes back at most once, whichever event arrives first and however often; the settlement of the
// order (app/loyalty/earning/settle-order.server.ts) asks here every time it runs, after the order's codes are used.
// docs/decisions/039-points-back-for-cancelled-orders.md
import type { RedemptionStatus } from "./redemption-states";

export type ReturnReason = "cancelled" | "refunded";

/** What Tally knows of the order that used the rewards. */
export interface OrderOutcome {
  orderId: string;
  cancelled: boolean;
  /** The order's eligible spend, and how much of it its refunds have given back (docs/program.md). */
  eligibleMinor: number;
  refundedMinor: number;
}

/** A redemption whose code an order may have used. */
export interface SpentReward {
  redemptionId: string;
  points: number;
  status: RedemptionStatus;
  /** The order that used the code; null until one did. */
  orderId: string | null;
}

export interface PointsReturn {
  redemptionId: string;
  points: number;
  reason: ReturnReason;
  idempotencyKey: string;
}

/**
 * Refunded in full: the refunds gave back all of the order's eligible spend, the same test by which a refund
 * takes back every point the order earned (reversedPointsForRefunds in app/loyalty/earning/purchase-points.ts).
 * An order with no eligible spend (a reward that took everything off) cannot be told refunded in full.
 */
export function isRefundedInFull(order: OrderOutcome): boolean {
  return order.eligibleMinor > 0 && order.refundedMinor >= order.eligibleMinor;
}

/** Why the order gives the points spent on it back, or null when it does not (yet). */
export function returnReason(order: OrderOutcome, returnOnFullRefund: boolean): ReturnReason | null {
  if (order.cancelled) return "cancelled";
  if (returnOnFullRefund && isRefundedInFull(order)) return "refunded";
  return null;
}

/** One return per redemption, whatever brought it about: a cancellation after a full refund replays it. */
export function redemptionReturnKey(redemptionId: string): string {
  return `redemption:${redemptionId}:return`;
}

/**
 * The points to give back for `rewards` the order used: those it settled as used (a redemption already returned
 * is not used any more). Points spent on a code used by another order stay spent.
 */
export function planPointsReturns(order: OrderOutcome, rewards: readonly SpentReward[], settings: { returnOnFullRefund: boolean }): PointsReturn[] {
  const reason = returnReason(order, settings.returnOnFullRefund);
  if (!reason) return [];
  return rewards
    .filter((reward) => reward.status === "used" && reward.orderId === order.orderId && reward.points > 0)
    .map((reward) => ({ redemptionId: reward.redemptionId, points: reward.points, reason, idempotencyKey: redemptionReturnKey(reward.redemptionId) }));
}
