// The rewards a shopper can buy with points: the switched-on entries of the shop's catalogue
// (reward-catalogue.ts), in the merchant's order, a per-points reward offered at several costs. Every surface
// (checkout, customer account, storefront widget, the public API) and the redemption itself read them through
// `rewardCatalogue` and `findReward`, so a reward the merchant adds appears everywhere at once. A `Reward` is
// stored with each redemption as it was bought: its terms stay those of that moment, whatever the merchant
// changes later (docs/decisions/009-program-changes-apply-from-now-on.md, 038-reward-catalogue.md).
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { DEFAULT_CODE_LIFETIME_HOURS, type CatalogueReward } from "./reward-catalogue";

/** What every offer carries; the terms beyond the original three kinds' are optional in redemptions stored before them. */
interface OfferTerms {
  id: string;
  points: number;
  minimumOrderMinor: number;
  /** The catalogue reward's name, as the merchant wrote it. */
  name?: string;
  codeLifetimeHours?: number;
  /** Collections the code is restricted to; empty or absent for the whole order. */
  collectionIds?: string[];
  /** A tier-only reward's tiers (reward-catalogue.ts); absent for every member. */
  tierKeys?: string[];
}

export type Reward = OfferTerms &
  (
    | { kind: "amount_off"; amountMinor: number }
    | { kind: "percentage_off"; percent: number }
    | { kind: "free_shipping" }
    /** `amountMinor`, once redeemed: the variant's price then, the most the code takes off (one unit). */
    | { kind: "free_product"; variantId: string; productTitle: string; amountMinor?: number }
    | { kind: "store_credit"; amountMinor: number }
  );

/** How many costs of a per-points reward a shopper is offered at once (minimum, minimum + step, …). */
export const AMOUNT_OFF_RUNGS = 5;

type PerPoints = Extract<CatalogueReward, { pricing: "per_points" }>;

function terms(entry: CatalogueReward) {
  const code = entry.kind === "store_credit" ? { minimumOrderMinor: 0 } : { minimumOrderMinor: entry.minimumOrderMinor, codeLifetimeHours: entry.codeLifetimeHours };
  const collections = "collectionIds" in entry && entry.collectionIds.length > 0 ? { collectionIds: entry.collectionIds } : {};
  const tiers = entry.tierKeys.length > 0 ? { tierKeys: entry.tierKeys } : {};
  return { name: entry.name, ...code, ...collections, ...tiers };
}

function rung(entry: PerPoints, points: number, redemption: ProgramRules["redemption"]): Reward {
  return {
    id: `${entry.id}-${points}`,
    kind: "amount_off",
    points,
    amountMinor: Math.floor((points * redemption.unitMinor) / redemption.points),
    ...terms(entry),
  };
}

function fixedOffer(entry: Exclude<CatalogueReward, PerPoints>): Reward {
  const base = { id: entry.id, points: entry.points, ...terms(entry) };
  switch (entry.kind) {
    case "amount_off":
      return { ...base, kind: "amount_off", amountMinor: entry.amountMinor };
    case "percentage_off":
      return { ...base, kind: "percentage_off", percent: entry.percent };
    case "free_shipping":
      return { ...base, kind: "free_shipping" };
    case "free_product":
      return { ...base, kind: "free_product", variantId: entry.variantId, productTitle: entry.productTitle };
    case "store_credit":
      return { ...base, kind: "store_credit", amountMinor: entry.amountMinor };
  }
}

const isPerPoints = (entry: CatalogueReward): entry is PerPoints => entry.kind === "amount_off" && entry.pricing === "per_points";

/** Can `points` buy a rung of this reward: at least its minimum, and a whole number of steps above it? */
function isRung(entry: PerPoints, points: number): boolean {
  return Number.isSafeInteger(points) && points >= entry.points && (points - entry.points) % entry.stepPoints === 0;
}

/** Whether a member of the tier keyed `tierKey` may buy the reward: every member may, unless it is tier-only. */
export function openToTier(reward: Pick<OfferTerms, "tierKeys">, tierKey: string): boolean {
  return !reward.tierKeys || reward.tierKeys.length === 0 || reward.tierKeys.includes(tierKey);
}

/**
 * The offers to show, in the catalogue's order. A per-points reward is offered at its first few costs; with
 * `availablePoints`, its list climbs to the highest cost the shopper can afford so their best option is listed.
 * With `tierKey` (a member's tier now), only the rewards that tier may buy; without, the whole catalogue.
 */
export function rewardCatalogue(rules: ProgramRules, availablePoints = 0, tierKey?: string): Reward[] {
  return rules.rewards
    .filter((entry) => entry.enabled && (tierKey === undefined || openToTier(entry, tierKey)))
    .flatMap((entry) => {
      if (!isPerPoints(entry)) return [fixedOffer(entry)];
      const affordableRungs = Math.max(0, Math.floor((availablePoints - entry.points) / entry.stepPoints));
      const top = Math.max(AMOUNT_OFF_RUNGS - 1, affordableRungs);
      const rungs = new Set<number>();
      for (let n = 0; n < AMOUNT_OFF_RUNGS - 1; n++) rungs.add(n);
      rungs.add(top);
      return [...rungs].sort((a, b) => a - b).map((n) => rung(entry, entry.points + n * entry.stepPoints, rules.redemption));
    });
}

/** The offer a shopper asked for by id, priced by the current rules; null when no switched-on reward offers it. */
export function findReward(rules: ProgramRules, rewardId: string): Reward | null {
  for (const entry of rules.rewards) {
    if (!entry.enabled) continue;
    if (isPerPoints(entry)) {
      const cost = rewardId.startsWith(`${entry.id}-`) ? /^\d{1,9}$/.exec(rewardId.slice(entry.id.length + 1)) : null;
      if (cost && isRung(entry, Number(cost[0]))) return rung(entry, Number(cost[0]), rules.redemption);
    } else if (entry.id === rewardId) {
      return fixedOffer(entry);
    }
  }
  return null;
}

/**
 * The reward a tier gives on entry (docs/decisions/050-tier-entry-rewards-and-grace.md), as it is now and costing
 * nothing: any fixed reward of the catalogue, on or off (a merchant may keep a reward for tiers alone by switching
 * it off for sale). Null for an id the catalogue lacks or a per-points reward, which the program's schema refuses.
 */
export function tierEntryReward(rules: ProgramRules, rewardId: string): Reward | null {
  const entry = rules.rewards.find((candidate) => candidate.id === rewardId);
  if (!entry || isPerPoints(entry)) return null;
  return { ...fixedOffer(entry), points: 0 };
}

/** How long a code bought now lasts: the reward's lifetime, or the default for one stored without it. */
export function codeLifetimeHoursOf(reward: Reward): number {
  return reward.codeLifetimeHours ?? DEFAULT_CODE_LIFETIME_HOURS;
}

/** The first per-points reward's least cost and step, or null when the catalogue has none. */
export function perPointsLadder(rules: ProgramRules): { minimumPoints: number; stepPoints: number } | null {
  const entry = rules.rewards.find(isPerPoints);
  return entry ? { minimumPoints: entry.points, stepPoints: entry.stepPoints } : null;
}

/** What a reward gives, as shoppers and other apps are told it: no terms that stay on the server. */
export type RewardFacts = { id: string; points: number; minimumOrderMinor: number } & (
  | { kind: "amount_off"; amountMinor: number }
  | { kind: "percentage_off"; percent: number }
  | { kind: "free_shipping" }
  | { kind: "free_product"; productTitle: string }
  | { kind: "store_credit"; amountMinor: number }
);

/** Its id, cost, minimum and its kind's one term; not its collections, lifetime, variant or name. */
export function rewardFacts(reward: Reward): RewardFacts {
  const base = { id: reward.id, points: reward.points, minimumOrderMinor: reward.minimumOrderMinor };
  switch (reward.kind) {
    case "amount_off":
      return { ...base, kind: reward.kind, amountMinor: reward.amountMinor };
    case "percentage_off":
      return { ...base, kind: reward.kind, percent: reward.percent };
    case "free_shipping":
      return { ...base, kind: reward.kind };
    case "free_product":
      return { ...base, kind: reward.kind, productTitle: reward.productTitle };
    case "store_credit":
      return { ...base, kind: reward.kind, amountMinor: reward.amountMinor };
  }
}
