// One bonus campaign as the Program page edits it: the text of each field, and back to a campaign through the
// program's own zod schema, with each problem next to its field. The start and end are typed as local date and
// time ("2026-11-27T00:00") in the campaign's time zone and stored as the UTC instants they name.
import { programStrings } from "~/admin/strings/program";
import { campaignSchema, isTimeZone, MAX_CAMPAIGN_DAYS, type Campaign } from "~/loyalty/campaigns/campaign-rules";
import { formatDecimal, parseDecimal, parseWholeNumber } from "./decimal-input";
import { collectionList, type FieldErrors } from "./program-form";

export const CAMPAIGN_FIELDS = ["id", "name", "kind", "multiplier", "points", "startsAt", "endsAt", "timeZone", "collectionIds", "enabled"] as const;
export type CampaignField = (typeof CAMPAIGN_FIELDS)[number];
export type CampaignDraft = Record<CampaignField, string>;

const MULTIPLIER_DIGITS = 2;
const LOCAL_MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** How far `zone`'s clock is ahead of UTC at `at`, in milliseconds (whole seconds). */
function zoneOffsetMs(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second")) - Math.floor(at.getTime() / 1000) * 1000;
}

/** "2026-11-27T00:00" in `zone` as the instant it names; null when it is not a moment of that form. */
export function instantOf(local: string, zone: string): Date | null {
  const match = LOCAL_MOMENT.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(naive);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // Twice: the offset at the first guess can differ from the offset at the answer across a daylight-saving change.
  const guess = naive - zoneOffsetMs(zone, back);
  return new Date(naive - zoneOffsetMs(zone, new Date(guess)));
}

/** The instant as local date and time in `zone`, as the form shows it. */
export function localOf(iso: string, zone: string): string {
  const at = new Date(iso);
  return new Date(at.getTime() + zoneOffsetMs(zone, at)).toISOString().slice(0, 16);
}

export function newCampaignDraft(timeZone = "UTC"): CampaignDraft {
  return { id: "", name: "", kind: "multiply", multiplier: "2", points: "", startsAt: "", endsAt: "", timeZone, collectionIds: "", enabled: "true" };
}

export function campaignDraftFrom(campaign: Campaign): CampaignDraft {
  return {
    id: campaign.id,
    name: campaign.name,
    kind: campaign.kind,
    multiplier: campaign.kind === "multiply" ? formatDecimal(campaign.multiplierPercent, MULTIPLIER_DIGITS) : "2",
    points: campaign.kind === "add" ? String(campaign.points) : "",
    startsAt: localOf(campaign.startsAt, campaign.timeZone),
    endsAt: localOf(campaign.endsAt, campaign.timeZone),
    timeZone: campaign.timeZone,
    collectionIds: campaign.collectionIds.join("\n"),
    enabled: String(campaign.enabled),
  };
}

/**
 * The campaign fields of a submitted form; null when it cannot be a campaign form at all. A window sent without a
 * time zone is in `shopTimeZone`: a merchant who types "27 November, midnight" means their shop's midnight.
 */
export function readCampaignDraft(entries: Iterable<[string, unknown]>, shopTimeZone = "UTC"): CampaignDraft | null {
  const draft = newCampaignDraft(shopTimeZone);
  for (const [name, value] of entries) {
    if (!name.startsWith("campaign.")) continue;
    const field = name.slice("campaign.".length);
    if (!(CAMPAIGN_FIELDS as readonly string[]).includes(field) || typeof value !== "string") return null;
    draft[field as CampaignField] = value;
  }
  if (draft.timeZone.trim() === "") draft.timeZone = shopTimeZone;
  return draft.kind === "multiply" || draft.kind === "add" ? draft : null;
}

export type CampaignDraftResult = { ok: true; campaign: Campaign } | { ok: false; errors: FieldErrors };

/** The campaign a draft describes, validated by the program's schema; `id` is the campaign's (a new one's from the caller). */
export function campaignFromDraft(draft: CampaignDraft, id: string): CampaignDraftResult {
  const text = programStrings.campaigns.errors;
  const { errors: common } = programStrings;
  const errors: FieldErrors = {};
  const zone = draft.timeZone.trim();
  if (!isTimeZone(zone)) errors["campaign.timeZone"] = text.timeZone;
  const moment = (field: "startsAt" | "endsAt") => {
    const at = isTimeZone(zone) ? instantOf(draft[field], zone) : null;
    if (!at && !errors["campaign.timeZone"]) errors[`campaign.${field}`] = text.moment;
    return at?.toISOString();
  };
  const candidate: Record<string, unknown> = {
    id,
    name: draft.name,
    kind: draft.kind,
    timeZone: zone,
    startsAt: moment("startsAt"),
    endsAt: moment("endsAt"),
    collectionIds: collectionList(draft.collectionIds),
    enabled: draft.enabled === "true" || draft.enabled === "on",
  };
  if (draft.kind === "multiply") {
    const percent = parseDecimal(draft.multiplier, MULTIPLIER_DIGITS);
    if (percent === null) errors["campaign.multiplier"] = text.multiplier;
    else candidate.multiplierPercent = percent;
  } else {
    const points = parseWholeNumber(draft.points);
    if (points === null) errors["campaign.points"] = common.wholeNumber;
    else candidate.points = points;
  }
  const parsed = campaignSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "name");
      if (key === "multiplierPercent") {
        errors["campaign.multiplier"] ??= issue.code === "too_big" ? common.atMost(formatDecimal(Number(issue.maximum), MULTIPLIER_DIGITS)) : text.multiplier;
      } else if (key === "points") {
        errors["campaign.points"] ??= issue.code === "too_big" ? common.atMost(new Intl.NumberFormat("en-US").format(Number(issue.maximum))) : common.atLeast("1");
      } else if (key === "endsAt" || key === "startsAt") {
        errors[`campaign.${key}`] ??= issue.code === "too_big" ? text.tooLong(MAX_CAMPAIGN_DAYS) : issue.code === "custom" ? text.endsBeforeStart : text.moment;
      } else if (key === "collectionIds") {
        errors["campaign.collectionIds"] ??= issue.code === "too_big" ? common.tooManyCollections(Number(issue.maximum)) : common.collections;
      } else if (key === "name") {
        errors["campaign.name"] ??= issue.code === "too_big" ? common.tooLong(Number(issue.maximum)) : text.name;
      } else {
        errors[`campaign.${key}`] ??= text.malformed;
      }
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, campaign: parsed.data };
}
