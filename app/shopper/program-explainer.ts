// What the program offers, for shoppers who are not signed in (and beside a member's own numbers): ways to earn,
// the rewards, the referral offer and the tiers, in the shopper's language.
import { pausedAt } from "~/loyalty/program/program-pause";
import type { ProgramExplainer, ShopperReward } from "../../contract/shopper-api";
import { birthdayBonusPoints } from "~/loyalty/bonuses/birthday-bonus";
import { newsletterPoints, offeredSocialLinks, SOCIAL_NETWORK_NAMES } from "~/loyalty/actions/action-rules";
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import type { RedeemPlace } from "~/loyalty/redemption/redeem-places";
import { rewardCatalogue, rewardFacts, tierEntryReward, type Reward } from "~/loyalty/redemption/rewards";
import type { ShopperStrings } from "./shopper-strings";
import { runningCampaigns } from "~/loyalty/campaigns/campaign-points";

export type { ShopperReward };

/**
 * A reward as shoppers see it: the contract's fields only (contract/shopper-api.ts), its title in their language.
 * The terms kept for the redemption (collections, the code's lifetime, a variant's id) stay on the server; a
 * tier-only reward's title names its tiers, as they are called in `tiers` (the program's now).
 */
export function describeReward(reward: Reward, strings: ShopperStrings, tiers: readonly Tier[]): ShopperReward {
  const title = strings.rewardTitle(reward, tierNamesOf(reward, tiers));
  return { ...rewardFacts(reward), title, name: reward.name ?? title };
}

/** The names of a tier-only reward's tiers, in the ladder's order; none for a reward every member may buy. */
export function tierNamesOf(reward: Pick<Reward, "tierKeys">, tiers: readonly Tier[]): string[] {
  return tiers.filter((tier) => reward.tierKeys?.includes(tier.key)).map((tier) => tier.name);
}

/**
 * The program at `now`: a bonus campaign is a way to earn while it runs. Its `points` are the points per
 * `earn.perAmount` it gives in all for a multiplying campaign (2 for ×2 at 1 point per 1.00), the points it adds for
 * an adding one; `text` says so, until when, and whether only some products count. `redeemAt`: where the shop's
 * shoppers can redeem besides the widget (app/loyalty/redemption/redeem-places.ts).
 */
export function programExplainer(rules: ProgramRules, currencyCode: string, strings: ShopperStrings, now: Date, redeemAt: RedeemPlace[] = []): ProgramExplainer {
  const waysToEarn: ProgramExplainer["waysToEarn"] = [];
  if (rules.earn.points > 0) {
    waysToEarn.push({ kind: "purchase", points: rules.earn.points, text: strings.wayToEarn("purchase", { points: rules.earn.points, amountMinor: rules.earn.unitMinor }) });
  }
  if (rules.signupBonus > 0) waysToEarn.push({ kind: "signup", points: rules.signupBonus, text: strings.wayToEarn("signup", { points: rules.signupBonus }) });
  const birthdayPoints = birthdayBonusPoints(rules);
  if (birthdayPoints > 0) waysToEarn.push({ kind: "birthday", points: birthdayPoints, text: strings.wayToEarn("birthday", { points: birthdayPoints }) });
  const referral = rules.referral;
  if (referral.advocatePoints > 0 || referral.friendDiscountPercent > 0) {
    waysToEarn.push({
      kind: "referral",
      points: referral.advocatePoints,
      text: strings.wayToEarn("referral", { points: referral.advocatePoints, percent: referral.friendDiscountPercent }),
    });
  }
  const newsletter = newsletterPoints(rules.actions);
  if (newsletter > 0) waysToEarn.push({ kind: "newsletter", points: newsletter, text: strings.wayToEarn("newsletter", { points: newsletter }) });
  const { points: socialPoints } = rules.actions.social;
  for (const link of offeredSocialLinks(rules.actions)) {
    const network = SOCIAL_NETWORK_NAMES[link.network];
    waysToEarn.push({ kind: "social", points: socialPoints, text: strings.wayToEarn("social", { points: socialPoints, network }), network: link.network, url: link.url });
  }
  for (const rule of rules.actions.customEvents) {
    if (rule.label) waysToEarn.push({ kind: "event", points: rule.points, text: strings.eventWay(rule.label, rule.points, rule.limit) });
  }
  const ladder = [...rules.tiers].sort((a, b) => a.threshold - b.threshold);
  for (const tier of ladder) {
    const points = tier.entryPoints ?? 0;
    // A catalogue reward given on entry (docs/decisions/050-tier-entry-rewards-and-grace.md) is named in the same line.
    const reward = tier.entryRewardId ? tierEntryReward(rules, tier.entryRewardId) : null;
    if (reward) waysToEarn.push({ kind: "tier", points, text: strings.tierRewardWay(tier.name, strings.rewardTitle(reward), points) });
    else if (points > 0) waysToEarn.push({ kind: "tier", points, text: strings.wayToEarn("tier", { points, tier: tier.name }) });
  }
  const running = runningCampaigns(rules.campaigns, now);
  for (const campaign of running) {
    const points = campaign.kind === "multiply" ? Math.floor((rules.earn.points * campaign.multiplierPercent) / 100) : campaign.points;
    if (points <= 0) continue;
    waysToEarn.push({ kind: "campaign", points, text: strings.campaign(campaign) });
  }
  return {
    currencyCode,
    paused: pausedAt(rules, now),
    redeemAt,
    earn: { points: rules.earn.points, perAmountMinor: rules.earn.unitMinor, perAmount: strings.money(rules.earn.unitMinor) },
    waysToEarn,
    campaigns: running
      .filter((campaign) => campaign.collectionIds.length === 0)
      .map(({ id, kind, multiplierPercent, points, startsAt, endsAt }) => ({ id, kind, multiplierPercent, points, startsAt, endsAt })),
    rewards: rewardCatalogue(rules).map((reward) => describeReward(reward, strings, rules.tiers)),
    referral: { friendDiscountPercent: referral.friendDiscountPercent, advocatePoints: referral.advocatePoints },
    tierMeasure: rules.tierMeasure,
    tiers: ladder.map((tier) => ({
      key: tier.key,
      name: tier.name,
      start: tier.threshold,
      threshold: strings.tierAmount(tier.threshold, rules.tierMeasure),
      multiplierPercent: tier.multiplierPercent,
    })),
  };
}

export type { ProgramExplainer };
