// The reward catalogue as the Program page lists it: each reward's name, kind and terms in words, its cost, and
// the form it opens in.
import { formatMoney } from "~/admin/format";
import { programStrings } from "~/admin/strings/program";
import { rewardFormOf, type CatalogueReward } from "~/loyalty/redemption/reward-catalogue";
import type { CatalogueRow } from "./reward-catalogue-card";
import type { MoneyFormat } from "./program-form";
import { rewardDraftFrom } from "./reward-form";

const c = programStrings.catalogue;
const count = (n: number) => new Intl.NumberFormat("en-US").format(n);

function terms(reward: CatalogueReward, currency: string, point: { points: number; unitMinor: number }): string | null {
  switch (reward.kind) {
    case "amount_off":
      return reward.pricing === "fixed" ? `${formatMoney(reward.amountMinor, currency)} off` : `${formatMoney(point.unitMinor, currency)} off per ${count(point.points)} points`;
    case "percentage_off":
      return `${reward.percent}% off`;
    case "free_product":
      return reward.productTitle;
    case "store_credit":
      return formatMoney(reward.amountMinor, currency);
    case "free_shipping":
      return null;
  }
}

export function catalogueRows(
  rewards: readonly CatalogueReward[],
  money: MoneyFormat,
  point: { points: number; unitMinor: number },
  tiers: readonly { key: string; name: string }[],
): CatalogueRow[] {
  return rewards.map((reward) => {
    const kind = c.kinds[rewardFormOf(reward)];
    const detail = terms(reward, money.currencyCode, point);
    const forTiers = tiers.filter((tier) => reward.tierKeys.includes(tier.key)).map((tier) => tier.name);
    const parts = [kind, detail, forTiers.length > 0 ? c.tierOnly(forTiers.join(", ")) : null].filter(Boolean);
    return {
      id: reward.id,
      name: reward.name,
      enabled: reward.enabled,
      summary: parts.join(" · "),
      cost: reward.kind === "amount_off" && reward.pricing === "per_points" ? c.perPointsCost(count(reward.points), count(reward.stepPoints)) : c.cost(count(reward.points)),
      draft: rewardDraftFrom(reward, money),
    };
  });
}
