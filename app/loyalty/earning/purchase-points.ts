import type { ProgramRules, Tier } from "../program/program-rules";

/**
 * Points an order earns: `points` per `unitMinor` of eligible spend, times the tier's multiplier, rounded down
 * once per order (docs/program.md: 123.45 at 1 point per 1.00 earns 123).
 */
export function purchasePoints(eligibleMinor: number, earn: Pick<ProgramRules["earn"], "points" | "unitMinor">, tier: Pick<Tier, "multiplierPercent">): number {
  if (eligibleMinor <= 0) return 0;
  // Integer arithmetic throughout: a float multiplier would turn 1.25 × 123 into 153.74999….
  return Math.floor((eligibleMinor * earn.points * tier.multiplierPercent) / (earn.unitMinor * 100));
}

/** Points reversed in total after refunds of `refundedMinor` of an order's `eligibleMinor`, from what it earned. */
export function reversedPointsForRefunds(earned: number, eligibleMinor: number, refundedMinor: number): number {
  if (earned <= 0 || eligibleMinor <= 0 || refundedMinor <= 0) return 0;
  return Math.floor((earned * Math.min(refundedMinor, eligibleMinor)) / eligibleMinor);
}
