// What bonus campaigns add to an order (docs/decisions/042-bonus-campaigns-and-collections.md): the campaigns
// running at the moment the order was paid, each on its own share of the order's eligible spend, added together
// and capped. Pure and free of zod, so the checkout extension estimates with the same arithmetic the server settles
// with (extensions/shared/order-estimate.ts).

/** The most campaign points one order can get, whatever campaigns overlap: the sum keeps the ledger's column safe. */
export const MAX_CAMPAIGN_POINTS_PER_ORDER = 1_000_000;

export type CampaignKind = "multiply" | "add";

/** A campaign as the arithmetic needs it (campaign-rules.ts has the stored form). */
export interface CampaignTerms {
  id: string;
  kind: CampaignKind;
  /** "multiply": the order's points times this percentage (200 doubles them); the bonus is the part above 100. */
  multiplierPercent: number;
  /** "add": points added to an order with spend on the campaign's products. */
  points: number;
  startsAt: string;
  endsAt: string;
  /** Empty: every product. */
  collectionIds: string[];
  enabled: boolean;
}

export interface CampaignBonus {
  points: number;
  /** The campaigns that gave points, in the program's order. */
  campaignIds: string[];
}

/** Whether the campaign runs at `at`: switched on, from its start (included) to its end (excluded). */
export function campaignRunsAt(campaign: Pick<CampaignTerms, "enabled" | "startsAt" | "endsAt">, at: Date): boolean {
  const time = at.getTime();
  return campaign.enabled && Date.parse(campaign.startsAt) <= time && time < Date.parse(campaign.endsAt);
}

/** The campaigns running at `at`. */
export function runningCampaigns<T extends Pick<CampaignTerms, "enabled" | "startsAt" | "endsAt">>(campaigns: readonly T[], at: Date): T[] {
  return campaigns.filter((campaign) => campaignRunsAt(campaign, at));
}

export interface CampaignOrder {
  eligibleMinor: number;
  /**
   * Eligible spend on products of any of these collections; null when not known (a cart estimate, which has only a
   * subtotal): a campaign on chosen collections then adds nothing, so an estimate never promises too much.
   */
  spendIn(collectionIds: readonly string[]): number | null;
}

interface EarnRate {
  points: number;
  unitMinor: number;
}

/**
 * Points the campaigns running when the order was paid add to it. A multiplying campaign multiplies the points its
 * share of the spend earns at the member's tier (×2 at Gold's ×1.5 earns ×3 on that share); an adding one gives its
 * points once per order with spend on its products. Overlapping campaigns each add their own bonus (×2 and ×3 give
 * ×4: 1 + 1 + 2), rounded down each, and the sum is capped at MAX_CAMPAIGN_POINTS_PER_ORDER.
 */
export function campaignBonus(
  campaigns: readonly CampaignTerms[],
  paidAt: Date,
  order: CampaignOrder,
  earn: EarnRate,
  tier: { multiplierPercent: number },
): CampaignBonus {
  let points = 0;
  const campaignIds: string[] = [];
  for (const campaign of runningCampaigns(campaigns, paidAt)) {
    const share = campaign.collectionIds.length === 0 ? order.eligibleMinor : order.spendIn(campaign.collectionIds);
    if (share === null) continue;
    const spend = Math.min(share, order.eligibleMinor);
    if (spend <= 0) continue;
    const bonus = campaign.kind === "add" ? campaign.points : multipliedBonus(spend, earn, tier.multiplierPercent, campaign.multiplierPercent);
    if (bonus <= 0) continue;
    points += bonus;
    campaignIds.push(campaign.id);
  }
  return { points: Math.min(points, MAX_CAMPAIGN_POINTS_PER_ORDER), campaignIds };
}

/** The points above ×1 that `multiplierPercent` gives on `spend`, in integers: BigInt, as the product passes 2^53. */
function multipliedBonus(spend: number, earn: EarnRate, tierPercent: number, multiplierPercent: number): number {
  if (multiplierPercent <= 100 || earn.points <= 0) return 0;
  const numerator = BigInt(spend) * BigInt(earn.points) * BigInt(tierPercent) * BigInt(multiplierPercent - 100);
  const bonus = numerator / (BigInt(earn.unitMinor) * 10_000n);
  return bonus > BigInt(MAX_CAMPAIGN_POINTS_PER_ORDER) ? MAX_CAMPAIGN_POINTS_PER_ORDER : Number(bonus);
}
