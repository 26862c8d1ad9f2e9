// A shop's loyalty program: every rule a merchant can tune, with the defaults of a fresh install
// (docs/program.md). Money is in minor units of the shop currency.
import { z } from "zod";
import { actionsSchema } from "../actions/action-rules";
import { campaignCollectionIds, campaignsSchema } from "../campaigns/campaign-rules";
import { catalogueFromLegacyRedemption, catalogueSchema, defaultCatalogue } from "../redemption/reward-catalogue";

export const MAX_TIERS = 10;
export const DEFAULT_EXPIRY_NOTICE_DAYS = 7;
const MAX_EXPIRY_NOTICE_DAYS = 90;
/** Bounds that keep every point and money calculation far inside safe integers. */
const MAX_POINTS = 1_000_000;
const MAX_MONEY_MINOR = 1_000_000_000;
/**
 * The most a program can give: one point per minor unit of spend (100 per 1.00, 1 per yen), times the highest tier
 * multiplier (×10). With these, the largest amount a webhook may carry (MAX_AMOUNT_MINOR in earning/money.ts)
 * earns points that fit the ledger's 32-bit integer column.
 */
export const MAX_EARN_POINTS_PER_MINOR_UNIT = 1;
export const MAX_MULTIPLIER_PERCENT = 1000;
/** The most points a tier's entry reward may give. */
export const MAX_ENTRY_POINTS = 100_000;
/** The longest grace period before a member drops a tier. */
export const MAX_TIER_GRACE_DAYS = 365;
/** The most customer tags a program can exclude, and the longest tag Shopify allows (255 characters). */
export const MAX_EXCLUDED_TAGS = 50;
const MAX_TAG_LENGTH = 255;
/** Pauses kept for orders paid during one but delivered late; older ones are long past any redelivery. */
export const MAX_PAUSES_KEPT = 50;

/** A time the program was paused: from `from` until `to`, or still while `to` is null. */
const pausePeriodSchema = z.object({ from: z.iso.datetime(), to: z.iso.datetime().nullable() });
export type PausePeriod = z.infer<typeof pausePeriodSchema>;

/**
 * What tiers follow (docs/program.md, "Tiers"), counted over the trailing window: eligible spend net of refunds
 * (minor units), the points those orders earned net of refunds, or how many of them were not refunded in full.
 */
export const TIER_MEASURES = ["spend", "points", "orders"] as const;
export type TierMeasure = (typeof TIER_MEASURES)[number];

const tierSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/, "a tier key is lower-case letters, digits and dashes"),
  name: z.string().trim().min(1).max(40),
  /**
   * Where the tier starts, in the program's tier measure (`tierMeasure`): minor units of spend, points or orders
   * in the trailing window. Stored as `thresholdMinor` before tiers could follow anything but spend.
   */
  threshold: z.number().int().min(0).max(MAX_MONEY_MINOR),
  /** Earn multiplier as a percentage: 125 earns ×1.25. Integers keep points exact. */
  multiplierPercent: z.number().int().min(100).max(MAX_MULTIPLIER_PERCENT),
  /**
   * Points a member gets on moving up into this tier, once per member and tier. Absent (as in every program saved
   * before entry rewards existed) or 0: none.
   */
  entryPoints: z.number().int().min(0).max(MAX_ENTRY_POINTS).optional(),
  /**
   * A catalogue reward (its id) a member gets on moving up into this tier, once per member and tier, beside or
   * instead of the points; issued by a job like a redeemed reward, costing no points
   * (docs/decisions/050-tier-entry-rewards-and-grace.md). Absent: none.
   */
  entryRewardId: z.string().min(1).max(40).optional(),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Tiers stored before tiers could follow points or orders kept their spend threshold as `thresholdMinor`. */
function withTierThresholds(raw: unknown): unknown {
  if (!isRecord(raw) || !Array.isArray(raw.tiers)) return raw;
  const tiers = raw.tiers.map((tier: unknown) => {
    if (!isRecord(tier) || tier.threshold !== undefined || tier.thresholdMinor === undefined) return tier;
    const { thresholdMinor, ...rest } = tier;
    return { ...rest, threshold: thresholdMinor };
  });
  return { ...raw, tiers };
}

/**
 * Rules stored before the catalogue existed kept their rewards in `redemption` (a ladder, a percentage off, free
 * shipping, one code lifetime): they are read into the catalogue that offers the same (docs/decisions/038-reward-catalogue.md).
 */
function withCatalogue(raw: unknown): unknown {
  if (!isRecord(raw) || raw.rewards !== undefined || !isRecord(raw.redemption)) return raw;
  return { ...raw, rewards: catalogueFromLegacyRedemption(raw.redemption) };
}

export const programRulesSchema = z
  .object({
    earn: z
      .object({
        /** Points per `unitMinor` of eligible spend, rounded down per order. */
        points: z.number().int().min(0).max(1000).default(1),
        unitMinor: z.number().int().min(1).max(MAX_MONEY_MINOR).default(100),
        includeTestOrders: z.boolean().default(false),
        /** Days purchase points stay pending after payment before they can be spent. */
        pendingDays: z.number().int().min(0).max(365).default(0),
        /**
         * Collections whose products earn nothing (gift cards never do): their lines leave eligible spend. Read from
         * collection_products, which the Admin API fills (app/loyalty/collections/).
         */
        excludedCollectionIds: campaignCollectionIds,
        /**
         * Whether shipping (after its discounts, before tax) counts as eligible spend; off (unset, as in every program
         * saved before it existed) it does not: docs/decisions/041-the-program-fits-the-shop.md.
         */
        includeShipping: z.boolean().optional(),
      })
      .refine((earn) => earn.points <= earn.unitMinor * MAX_EARN_POINTS_PER_MINOR_UNIT, {
        path: ["points"],
        message: "a program gives at most one point per smallest unit of the currency (100 points per 1.00)",
      })
      .prefault({}),
    signupBonus: z.number().int().min(0).max(MAX_POINTS).default(100),
    /**
     * Points on a member's birthday, once a year, in the shop's time zone (app/loyalty/bonuses/birthday-bonus.ts).
     * Absent or 0, the default, is off: programs saved before it existed read and save unchanged.
     */
    birthdayBonus: z.number().int().min(0).max(MAX_POINTS).optional(),
    /**
     * What a point is worth: `points` buy `unitMinor` off. Per-points rewards are priced with it, and the dashboard
     * counts the outstanding points' liability with it.
     */
    redemption: z
      .object({
        points: z.number().int().min(1).max(MAX_POINTS).default(100),
        unitMinor: z.number().int().min(1).max(MAX_MONEY_MINOR).default(100),
        /** Whether a full refund of the order that used a code gives its points back, as a cancellation does. */
        returnPointsOnFullRefund: z.boolean().default(true),
      })
      .prefault({}),
    /** The rewards shoppers can buy, in the order they see them (app/loyalty/redemption/reward-catalogue.ts). */
    rewards: catalogueSchema.default(() => catalogueSchema.parse(defaultCatalogue())),
    tiers: z
      .array(tierSchema)
      .min(1)
      .max(MAX_TIERS)
      .default([
        { key: "member", name: "Member", threshold: 0, multiplierPercent: 100 },
        { key: "silver", name: "Silver", threshold: 50_000, multiplierPercent: 125 },
        { key: "gold", name: "Gold", threshold: 150_000, multiplierPercent: 150 },
      ])
      .refine((tiers) => tiers.some((tier) => tier.threshold === 0), "one tier must start at 0 so every member has a tier")
      .refine((tiers) => new Set(tiers.map((t) => t.key)).size === tiers.length, "tier keys must be unique")
      // Two tiers at one threshold would leave it to sort order which one a member holds.
      .refine((tiers) => new Set(tiers.map((t) => t.threshold)).size === tiers.length, "two tiers cannot start at the same threshold"),
    /** What the tiers' thresholds count (TIER_MEASURES); spend, as every program saved before the choice. */
    tierMeasure: z.enum(TIER_MEASURES).default("spend"),
    tierWindowDays: z.number().int().min(1).max(3650).default(365),
    /**
     * Days a member keeps a tier after their qualifying total fell below it (tiers/tier-grace.ts). Absent or 0, the
     * default: no grace, as every program saved before it.
     */
    tierGraceDays: z.number().int().min(0).max(MAX_TIER_GRACE_DAYS).optional(),
    referral: z
      .object({
        friendDiscountPercent: z.number().int().min(0).max(100).default(10),
        advocatePoints: z.number().int().min(0).max(MAX_POINTS).default(500),
        /**
         * Which fraud signals reject a referral (docs/program.md, "Referrals"). A customer referring themselves
         * and a friend who already ordered are always rejected: those are not referrals at all.
         */
        fraud: z
          .object({
            rejectSameEmail: z.boolean().default(true),
            rejectSameAddress: z.boolean().default(true),
          })
          .prefault({}),
        milestone: z
          .object({
            enabled: z.boolean().default(false),
            everyReferrals: z.number().int().min(1).max(1000).default(5),
            points: z.number().int().min(0).max(MAX_POINTS).default(1000),
          })
          .prefault({}),
      })
      .prefault({}),
    expiry: z
      .object({
        enabled: z.boolean().default(false),
        /** Months with no activity before points expire (the name is older than the choice of activity below). */
        monthsWithoutPurchase: z.number().int().min(1).max(120).default(12),
        /** Whether points earned or spent on a reward also count as activity; off, purchases alone do. */
        anyActivity: z.boolean().optional(),
        /**
         * Days before points expire that the member is told (the `points.expiring` event: Shopify Flow's "Points
         * expiring" trigger). Unset reads as DEFAULT_EXPIRY_NOTICE_DAYS, so programs saved before it read the same.
         */
        noticeDays: z.number().int().min(1).max(MAX_EXPIRY_NOTICE_DAYS).optional(),
      })
      .prefault({}),
    /**
     * Actions that earn: a newsletter sign-up, a social follow or share, custom events by name; each off by default
     * (app/loyalty/actions/action-rules.ts).
     */
    actions: actionsSchema,
    /**
     * Bonus campaigns: more points for orders paid between two moments (app/loyalty/campaigns/, docs/program.md).
     * Overlapping campaigns add up; one order's campaign points are capped at MAX_CAMPAIGN_POINTS_PER_ORDER.
     */
    campaigns: campaignsSchema,
    /**
     * Customers whose Shopify tags include one of these (compared without case) are out of the program: they earn
     * nothing, redeem nothing and get no referral reward (app/loyalty/exclusion/). Unset or empty: no one.
     */
    exclusions: z
      .object({
        customerTags: z
          .array(z.string().trim().min(1).max(MAX_TAG_LENGTH).refine((tag) => !tag.includes(","), "a tag cannot contain a comma"))
          .max(MAX_EXCLUDED_TAGS)
          .optional(),
      })
      .prefault({}),
    /** The merchant's pause switch: while on, no one earns or redeems; nothing already earned is lost. */
    paused: z.boolean().optional(),
    /**
     * Every pause, kept by the save that switches it (program/program-pause.ts): an order paid during one earns
     * nothing even when its webhook arrives after the program resumed.
     */
    pauses: z.array(pausePeriodSchema).max(MAX_PAUSES_KEPT).optional(),
    /** What Tally keeps on customers in Shopify besides their metafields (docs/metafields.md). */
    customerData: z
      .object({
        /** Whether each member carries a tally-tier-<key> tag for Shopify's segments; off when not set. */
        tierTags: z.boolean().optional(),
      })
      .prefault({}),
  })
  .superRefine((rules, ctx) => {
    // A tier-only reward names tiers of this program: a reward left pointing at a removed tier would be for no one.
    const keys = new Set(rules.tiers.map((tier) => tier.key));
    rules.rewards.forEach((reward, index) => {
      const unknown = reward.tierKeys.filter((key) => !keys.has(key));
      if (unknown.length > 0) {
        ctx.addIssue({ code: "custom", path: ["rewards", index, "tierKeys"], message: `"${reward.name}" is for a tier the program no longer has (${unknown.join(", ")})` });
      }
    });
    // An entry reward is one reward with a fixed value: a per-points reward has no one amount to give.
    rules.tiers.forEach((tier, index) => {
      if (tier.entryRewardId === undefined) return;
      const reward = rules.rewards.find((candidate) => candidate.id === tier.entryRewardId);
      if (!reward) ctx.addIssue({ code: "custom", path: ["tiers", index, "entryRewardId"], message: `the catalogue has no reward "${tier.entryRewardId}"` });
      else if (reward.kind === "amount_off" && reward.pricing === "per_points") {
        ctx.addIssue({ code: "custom", path: ["tiers", index, "entryRewardId"], message: `"${reward.name}" is priced per point and has no one value to give` });
      }
    });
  })
  .prefault({});

export type ProgramRules = z.infer<typeof programRulesSchema>;
export type Tier = ProgramRules["tiers"][number];

/** The program a fresh install runs. */
export function defaultProgramRules(): ProgramRules {
  return programRulesSchema.parse({});
}

/**
 * Parses stored rules (JSON text); rules saved by an older version get defaults for what they lack, and rewards
 * kept the older way are read into the catalogue.
 */
export function parseProgramRules(json: string): ProgramRules {
  return programRulesSchema.parse(withTierThresholds(withCatalogue(JSON.parse(json))));
}

/** How many days before points expire the member is told: the program's choice, or the default. */
export function expiryNoticeDays(expiry: ProgramRules["expiry"]): number {
  return expiry.noticeDays ?? DEFAULT_EXPIRY_NOTICE_DAYS;
}
