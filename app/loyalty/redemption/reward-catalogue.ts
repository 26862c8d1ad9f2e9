// The reward catalogue a merchant edits on the Program page: a list of rewards, each with a name, a cost in points,
// a kind and its terms, switched on or off, in the order shoppers see them. Stored with the program's rules
// (shops.program_rules, docs/decisions/038-reward-catalogue.md); a program saved before the catalogue existed is
// read into one with the same offers (`catalogueFromLegacyRedemption`).
import { z } from "zod";

export const MAX_CATALOGUE_REWARDS = 30;
export const MAX_COLLECTIONS_PER_REWARD = 10;
const MAX_POINTS = 1_000_000;
const MAX_MONEY_MINOR = 1_000_000_000;
/** A code lasts 30 days unless the merchant says otherwise, and at most a year. */
export const DEFAULT_CODE_LIFETIME_HOURS = 30 * 24;
export const MAX_CODE_LIFETIME_HOURS = 365 * 24;

export const REWARD_KINDS = ["amount_off", "percentage_off", "free_shipping", "free_product", "store_credit"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

const points = z.number().int().min(1).max(MAX_POINTS);
const money = z.number().int().min(0).max(MAX_MONEY_MINOR);
const collectionIds = z
  .array(z.string().regex(/^gid:\/\/shopify\/Collection\/\d{1,20}$/, "a collection is gid://shopify/Collection/<number>"))
  .max(MAX_COLLECTIONS_PER_REWARD)
  .refine((ids) => new Set(ids).size === ids.length, "a collection is listed twice")
  .default([]);

/** At most as many tiers as a program has (MAX_TIERS in program/program-rules.ts). */
const MAX_REWARD_TIERS = 10;

const common = {
  /** Stable across edits: the audit log, redemptions and shoppers' requests name the reward by it. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "a reward id is lower-case letters, digits and dashes"),
  name: z.string().trim().min(1).max(60),
  enabled: z.boolean().default(true),
  /**
   * A tier-only reward: only members whose tier now (tiers/member-tiers.server.ts, `tierNow`) is one of these may
   * buy it. Empty, as in every catalogue saved before tier-only rewards existed: every member. The program's
   * schema checks each key names one of its tiers.
   */
  tierKeys: z
    .array(z.string().regex(/^[a-z0-9-]+$/, "a tier key is lower-case letters, digits and dashes"))
    .max(MAX_REWARD_TIERS)
    .refine((keys) => new Set(keys).size === keys.length, "a tier is listed twice")
    .default([]),
};

/** Terms of a reward paid out as a discount code. */
const codeTerms = {
  /** The least order subtotal the code works on; 0 for any order. */
  minimumOrderMinor: money.default(0),
  codeLifetimeHours: z.number().int().min(1).max(MAX_CODE_LIFETIME_HOURS).default(DEFAULT_CODE_LIFETIME_HOURS),
};

/** Each kind's schema, by the name the admin's form picks it with. */
export const REWARD_SCHEMAS = {
  // A fixed amount off for a fixed cost.
  amount_off_fixed: z.object({ ...common, ...codeTerms, kind: z.literal("amount_off"), pricing: z.literal("fixed"), points, amountMinor: money.min(1), collectionIds }),
  // As many points as the shopper chooses, from `points` in steps of `stepPoints`, at the program's point value
  // (rules.redemption: `points` buy `unitMinor` off).
  amount_off_per_points: z.object({ ...common, ...codeTerms, kind: z.literal("amount_off"), pricing: z.literal("per_points"), points, stepPoints: points, collectionIds }),
  percentage_off: z.object({ ...common, ...codeTerms, kind: z.literal("percentage_off"), points, percent: z.number().int().min(1).max(100), collectionIds }),
  free_shipping: z.object({ ...common, ...codeTerms, kind: z.literal("free_shipping"), points }),
  // One unit of one variant, free: `productTitle` is what the Admin API called it when the merchant chose it.
  free_product: z.object({
    ...common,
    ...codeTerms,
    kind: z.literal("free_product"),
    points,
    variantId: z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d{1,20}$/, "a variant is gid://shopify/ProductVariant/<number>"),
    productTitle: z.string().trim().min(1).max(255),
  }),
  // An amount in the shop's currency credited to the shopper's Shopify store credit account.
  store_credit: z.object({ ...common, kind: z.literal("store_credit"), points, amountMinor: money.min(1) }),
};

export type RewardForm = keyof typeof REWARD_SCHEMAS;
export const REWARD_FORMS = Object.keys(REWARD_SCHEMAS) as RewardForm[];

export const catalogueRewardSchema = z.discriminatedUnion("kind", [
  z.discriminatedUnion("pricing", [REWARD_SCHEMAS.amount_off_fixed, REWARD_SCHEMAS.amount_off_per_points]),
  REWARD_SCHEMAS.percentage_off,
  REWARD_SCHEMAS.free_shipping,
  REWARD_SCHEMAS.free_product,
  REWARD_SCHEMAS.store_credit,
]);

/** The form a reward is edited with. */
export function rewardFormOf(reward: { kind: RewardKind; pricing?: string }): RewardForm {
  if (reward.kind === "amount_off") return reward.pricing === "fixed" ? "amount_off_fixed" : "amount_off_per_points";
  return reward.kind;
}

export type CatalogueReward = z.output<typeof catalogueRewardSchema>;
export type CatalogueRewardInput = z.input<typeof catalogueRewardSchema>;

export const catalogueSchema = z
  .array(catalogueRewardSchema)
  .max(MAX_CATALOGUE_REWARDS)
  .refine((rewards) => new Set(rewards.map((reward) => reward.id)).size === rewards.length, "reward ids must be unique");

/**
 * What a fresh install offers (docs/program.md, "Redemption"): 100 points = 1.00 off from 500 points in steps of
 * 100; a percentage off and free shipping ready to be switched on. Codes last 30 days.
 */
export function defaultCatalogue(): CatalogueRewardInput[] {
  return [
    { id: "amount-off", name: "Amount off", kind: "amount_off", pricing: "per_points", points: 500, stepPoints: 100 },
    { id: "percentage-off-10", name: "10% off", kind: "percentage_off", points: 1000, percent: 10, enabled: false },
    { id: "free-shipping", name: "Free shipping", kind: "free_shipping", points: 500, enabled: false },
  ];
}

/** The redemption rules a program stored before the catalogue existed (their defaults then). */
interface LegacyRedemption {
  minimumPoints?: number;
  stepPoints?: number;
  codeLifetimeHours?: number;
  percentageOff?: { enabled?: boolean; percent?: number; points?: number; minimumOrderMinor?: number };
  freeShipping?: { enabled?: boolean; points?: number; minimumOrderMinor?: number };
}

/**
 * The catalogue that offers exactly what an older program offered: the same reward ids, costs, minimums and code
 * lifetime (then 24 hours by default), so shoppers see no change when a shop upgrades.
 */
export function catalogueFromLegacyRedemption(legacy: LegacyRedemption): CatalogueRewardInput[] {
  const codeLifetimeHours = legacy.codeLifetimeHours ?? 24;
  const percentage = legacy.percentageOff ?? {};
  const shipping = legacy.freeShipping ?? {};
  const percent = percentage.percent ?? 10;
  return [
    { id: "amount-off", name: "Amount off", kind: "amount_off", pricing: "per_points", points: legacy.minimumPoints ?? 500, stepPoints: legacy.stepPoints ?? 100, codeLifetimeHours },
    {
      id: `percentage-off-${percent}`,
      name: `${percent}% off`,
      kind: "percentage_off",
      points: percentage.points ?? 1000,
      percent,
      minimumOrderMinor: percentage.minimumOrderMinor ?? 0,
      enabled: percentage.enabled ?? false,
      codeLifetimeHours,
    },
    { id: "free-shipping", name: "Free shipping", kind: "free_shipping", points: shipping.points ?? 500, minimumOrderMinor: shipping.minimumOrderMinor ?? 0, enabled: shipping.enabled ?? false, codeLifetimeHours },
  ];
}

const ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A new reward's id: its kind and a few random letters, never an id the catalogue holds. */
export function newCatalogueId(kind: RewardKind, taken: readonly string[], random: (max: number) => number): string {
  for (;;) {
    let suffix = "";
    for (let i = 0; i < 6; i++) suffix += ID_ALPHABET[random(ID_ALPHABET.length)];
    // At least one letter, so no id can be read as a rung of a per-points reward ("<id>-<points>").
    const id = `${kind.replace("_", "-")}-r${suffix}`;
    if (!taken.includes(id)) return id;
  }
}

export type CatalogueEdit =
  | { type: "save"; reward: CatalogueReward }
  | { type: "switch"; id: string; enabled: boolean }
  | { type: "move"; id: string; direction: "up" | "down" };

/**
 * The catalogue after one edit: a reward added at the end or replaced in place, switched on or off, or moved one
 * place. Null when the edit names a reward the catalogue does not hold (or a move past either end).
 */
export function editCatalogue(rewards: readonly CatalogueReward[], edit: CatalogueEdit): CatalogueReward[] | null {
  if (edit.type === "save") {
    const index = rewards.findIndex((reward) => reward.id === edit.reward.id);
    return index === -1 ? [...rewards, edit.reward] : rewards.map((reward, i) => (i === index ? edit.reward : reward));
  }
  const index = rewards.findIndex((reward) => reward.id === edit.id);
  if (index === -1) return null;
  if (edit.type === "switch") return rewards.map((reward, i) => (i === index ? { ...reward, enabled: edit.enabled } : reward));
  const target = edit.direction === "up" ? index - 1 : index + 1;
  if (target < 0 || target >= rewards.length) return null;
  const moved = [...rewards];
  [moved[index], moved[target]] = [moved[target] as CatalogueReward, moved[index] as CatalogueReward];
  return moved;
}
