// Bonus campaigns as the program stores them (shops.program_rules, `campaigns`): a name, a window between two
// moments, what the campaign gives and, optionally, the collections whose products it is limited to. The window is
// kept as UTC instants; `timeZone` is the zone the merchant typed them in, so the Program page shows them back the
// same way (docs/decisions/042-bonus-campaigns-and-collections.md).
import { z } from "zod";
import { MAX_COLLECTIONS_PER_REWARD } from "../redemption/reward-catalogue";

export const MAX_CAMPAIGNS = 20;
export const MAX_CAMPAIGN_MULTIPLIER_PERCENT = 1000;
export const MAX_CAMPAIGN_ADDED_POINTS = 100_000;
/** A campaign is a promotion, not a second earn rule: at most a year and a day long. */
export const MAX_CAMPAIGN_DAYS = 366;
const DAY_MS = 86_400_000;

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const campaignCollectionIds = z
  .array(z.string().regex(/^gid:\/\/shopify\/Collection\/\d{1,20}$/, "a collection is gid://shopify/Collection/<number>"))
  .max(MAX_COLLECTIONS_PER_REWARD)
  .refine((ids) => new Set(ids).size === ids.length, "a collection is listed twice")
  .default([]);

const instant = z.iso.datetime({ offset: false });

export const campaignSchema = z
  .object({
    /** Stable across edits: the audit log and each order's campaign_ids name the campaign by it. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "a campaign id is lower-case letters, digits and dashes"),
    name: z.string().trim().min(1).max(60),
    kind: z.enum(["multiply", "add"]),
    multiplierPercent: z.number().int().min(100).max(MAX_CAMPAIGN_MULTIPLIER_PERCENT).default(100),
    points: z.number().int().min(0).max(MAX_CAMPAIGN_ADDED_POINTS).default(0),
    startsAt: instant,
    endsAt: instant,
    timeZone: z.string().refine(isTimeZone, "not a time zone").default("UTC"),
    collectionIds: campaignCollectionIds,
    enabled: z.boolean().default(true),
  })
  .superRefine((campaign, context) => {
    if (campaign.kind === "multiply" && campaign.multiplierPercent <= 100) {
      context.addIssue({ code: "too_small", origin: "number", minimum: 101, inclusive: true, path: ["multiplierPercent"], input: campaign.multiplierPercent, message: "a multiplying campaign gives more than ×1" });
    }
    if (campaign.kind === "add" && campaign.points < 1) {
      context.addIssue({ code: "too_small", origin: "number", minimum: 1, inclusive: true, path: ["points"], input: campaign.points, message: "an adding campaign gives at least 1 point" });
    }
    const length = Date.parse(campaign.endsAt) - Date.parse(campaign.startsAt);
    if (!(length > 0)) context.addIssue({ code: "custom", path: ["endsAt"], input: campaign.endsAt, message: "a campaign ends after it starts" });
    else if (length > MAX_CAMPAIGN_DAYS * DAY_MS) {
      context.addIssue({ code: "too_big", origin: "number", maximum: MAX_CAMPAIGN_DAYS, inclusive: true, path: ["endsAt"], input: campaign.endsAt, message: "a campaign lasts at most 366 days" });
    }
  });

export type Campaign = z.output<typeof campaignSchema>;
export type CampaignInput = z.input<typeof campaignSchema>;

export const campaignsSchema = z
  .array(campaignSchema)
  .max(MAX_CAMPAIGNS)
  .refine((campaigns) => new Set(campaigns.map((campaign) => campaign.id)).size === campaigns.length, "two campaigns have one id")
  .default([]);

/** A new campaign's id from its name: "Black Friday" → "black-friday", "black-friday-2" if taken. */
export function newCampaignId(name: string, taken: readonly string[]): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 32) || "campaign";
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.includes(id)) return id;
  }
}

export type CampaignEdit = { type: "save"; campaign: Campaign } | { type: "delete"; id: string };

/** The campaigns after one edit; null when the edit names a campaign the program does not hold. */
export function editCampaigns(campaigns: readonly Campaign[], edit: CampaignEdit): Campaign[] | null {
  if (edit.type === "delete") {
    return campaigns.some((campaign) => campaign.id === edit.id) ? campaigns.filter((campaign) => campaign.id !== edit.id) : null;
  }
  const at = campaigns.findIndex((campaign) => campaign.id === edit.campaign.id);
  if (at < 0) return [...campaigns, edit.campaign];
  return campaigns.map((campaign, index) => (index === at ? edit.campaign : campaign));
}
