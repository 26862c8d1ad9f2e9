// What a cart earns, worked out in the extension from the summary it already read (GET /api/shopper/summary): the
// program's earn rule and the shopper's tier, put through the same pure rules the server settles orders with
// (app/loyalty/earning/purchase-points.ts, app/loyalty/tiers/tier-bands.ts), so checkout follows the subtotal without
// asking Tally again and says what POST /api/shopper/estimate would say (test/shopper/order-estimates.test.ts holds
// them equal on real answers).
import { purchasePoints } from "../../app/loyalty/earning/purchase-points";
import { campaignBonus } from "../../app/loyalty/campaigns/campaign-points";
import { bandOf } from "../../app/loyalty/tiers/tier-bands";
import { toMinorUnits } from "../../app/money/money";
import type { Earning } from "./shopper-responses";
import { decimalAmount, type Money } from "./shopper-api";

/** The multiplier of the tier a shopper with no qualifying spend holds (tiers.ts's tierFor(0)). */
export function entryMultiplier(tiers: Earning["tiers"]): number {
  const sorted = [...tiers].sort((a, b) => a.start - b.start);
  return sorted[bandOf(0, sorted.map((tier) => tier.start))]?.multiplierPercent ?? 100;
}

/**
 * Points `subtotal` earns: at the member's tier when signed in, at the entry tier otherwise, with the bonus of the
 * campaigns on every product still running at `now` (a summary read before a campaign ended no longer adds it).
 * Null in a currency that is not the shop's (the order's points are known once it is paid) or for an amount the
 * rules cannot read.
 */
export function estimateOrderPoints(earning: Earning, subtotal: Money, now: Date = new Date()): number | null {
  if (subtotal.currencyCode.toUpperCase() !== earning.currencyCode) return null;
  let minor: number;
  try {
    minor = toMinorUnits(decimalAmount(subtotal), earning.currencyCode);
  } catch {
    return null;
  }
  const multiplierPercent = earning.memberMultiplierPercent ?? entryMultiplier(earning.tiers);
  // The rule reads only points and unitMinor of the earn settings; the rest do not change what an order earns.
  const earn = { points: earning.points, unitMinor: earning.perAmountMinor };
  const tier = { multiplierPercent };
  return purchasePoints(minor, earn, tier) + campaignBonus(earning.campaigns, now, { eligibleMinor: minor, spendIn: () => null }, earn, tier).points;
}
