// Points for past orders, a merchant's choice (off unless asked for): what each order read from the shop's history
// would have earned had Tally been there, at the tier the member held when it was paid, less what its refunds and
// cancellation took back; the same rules a live order follows (earning/purchase-points.ts). The dry run shows
// these sums; the award pays each order through the settlement a live orders/paid uses, under its key.
import { purchasePoints, reversedPointsForRefunds } from "~/loyalty/earning/purchase-points";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierByKey } from "~/loyalty/tiers/tiers";

export interface WithheldOrder {
  orderId: string;
  memberId: string;
  test: boolean;
  eligibleMinor: number;
  refundedMinor: number;
  cancelled: boolean;
  tierAtPaid: string | null;
}

/** What the order earns if awarded (fixed as its earnings) and what stays after refunds (what the member gets). */
export function awardFor(order: WithheldOrder, rules: ProgramRules): { earned: number; kept: number } {
  if (order.test && !rules.earn.includeTestOrders) return { earned: 0, kept: 0 };
  const tier = tierByKey(order.tierAtPaid ?? "", rules.tiers);
  const earned = purchasePoints(order.eligibleMinor, rules.earn, tier);
  const kept = order.cancelled ? 0 : earned - reversedPointsForRefunds(earned, order.eligibleMinor, order.refundedMinor);
  // An order that keeps nothing is awarded nothing: no transfer that its reversal would cancel at once.
  return kept > 0 ? { earned, kept } : { earned: 0, kept: 0 };
}

export interface AwardPreview {
  orders: number;
  members: number;
  points: number;
}

export function previewAward(orders: readonly WithheldOrder[], rules: ProgramRules): AwardPreview {
  const members = new Set<string>();
  let points = 0;
  let count = 0;
  for (const order of orders) {
    const { kept } = awardFor(order, rules);
    if (kept <= 0) continue;
    count += 1;
    points += kept;
    members.add(order.memberId);
  }
  return { orders: count, members: members.size, points };
}
