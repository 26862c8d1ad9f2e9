// One reward of the catalogue as the Program page edits it: the text of each field, and back to a catalogue reward
// through the catalogue's own zod schema, with each problem next to its field. Money in the shop currency's major
// units, the code's lifetime in days.
import type { z } from "zod";
import { programStrings } from "~/admin/strings/program";
import {
  DEFAULT_CODE_LIFETIME_HOURS,
  MAX_CODE_LIFETIME_HOURS,
  REWARD_FORMS,
  REWARD_SCHEMAS,
  rewardFormOf,
  type CatalogueReward,
  type RewardForm,
} from "~/loyalty/redemption/reward-catalogue";
import { formatDecimal, parseDecimal, parseWholeNumber } from "./decimal-input";
import type { FieldErrors, MoneyFormat } from "./program-form";

export const REWARD_FIELDS = ["id", "form", "name", "points", "stepPoints", "amountMinor", "percent", "variantId", "minimumOrderMinor", "codeLifetimeDays", "collectionIds", "tierKeys", "enabled"] as const;
export type RewardField = (typeof REWARD_FIELDS)[number];
export type RewardDraft = Record<RewardField, string>;

/** Which fields each form shows (name, cost and the switch are on every one). */
export const FORM_FIELDS: Record<RewardForm, readonly RewardField[]> = {
  amount_off_fixed: ["amountMinor", "minimumOrderMinor", "collectionIds", "codeLifetimeDays"],
  amount_off_per_points: ["stepPoints", "minimumOrderMinor", "collectionIds", "codeLifetimeDays"],
  percentage_off: ["percent", "minimumOrderMinor", "collectionIds", "codeLifetimeDays"],
  free_shipping: ["minimumOrderMinor", "codeLifetimeDays"],
  free_product: ["variantId", "minimumOrderMinor", "codeLifetimeDays"],
  store_credit: ["amountMinor"],
};

/** Lifetimes are typed in days, with up to two decimals for one saved in hours (36 hours is 1.5 days). */
const DAY_DIGITS = 2;

export function newRewardDraft(form: RewardForm = "amount_off_fixed"): RewardDraft {
  return {
    id: "",
    form,
    name: "",
    points: "",
    stepPoints: "100",
    amountMinor: "",
    percent: "",
    variantId: "",
    minimumOrderMinor: "0",
    codeLifetimeDays: String(DEFAULT_CODE_LIFETIME_HOURS / 24),
    collectionIds: "",
    /** A tier-only reward's tier keys, comma-separated; empty for every member. */
    tierKeys: "",
    enabled: "true",
  };
}

export function rewardDraftFrom(reward: CatalogueReward, money: MoneyFormat): RewardDraft {
  const draft = newRewardDraft(rewardFormOf(reward));
  draft.id = reward.id;
  draft.name = reward.name;
  draft.points = String(reward.points);
  draft.enabled = String(reward.enabled);
  if ("stepPoints" in reward) draft.stepPoints = String(reward.stepPoints);
  if ("amountMinor" in reward) draft.amountMinor = formatDecimal(reward.amountMinor, money.digits);
  if ("percent" in reward) draft.percent = String(reward.percent);
  if ("variantId" in reward) draft.variantId = reward.variantId;
  if ("minimumOrderMinor" in reward) draft.minimumOrderMinor = formatDecimal(reward.minimumOrderMinor, money.digits);
  if ("codeLifetimeHours" in reward) draft.codeLifetimeDays = formatDecimal(Math.round((reward.codeLifetimeHours * 10 ** DAY_DIGITS) / 24), DAY_DIGITS);
  if ("collectionIds" in reward) draft.collectionIds = reward.collectionIds.join("\n");
  draft.tierKeys = reward.tierKeys.join(",");
  return draft;
}

/** The reward fields of a submitted form; null when it cannot be a reward form at all. */
export function readRewardDraft(entries: Iterable<[string, unknown]>): RewardDraft | null {
  const draft = newRewardDraft();
  for (const [name, value] of entries) {
    if (!name.startsWith("reward.")) continue;
    const field = name.slice("reward.".length);
    if (!(REWARD_FIELDS as readonly string[]).includes(field) || typeof value !== "string") return null;
    draft[field as RewardField] = value;
  }
  return (REWARD_FORMS as string[]).includes(draft.form) ? draft : null;
}

/** "123" or "gid://shopify/Collection/123", one per line or separated by commas. */
function collectionList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => (/^\d+$/.test(item) ? `gid://shopify/Collection/${item}` : item));
}

function variantGid(text: string): string {
  return /^\d+$/.test(text) ? `gid://shopify/ProductVariant/${text}` : text;
}

type Parsed = { value: unknown } | { error: string };

function convert(field: RewardField, text: string, money: MoneyFormat): Parsed {
  const { errors } = programStrings;
  const whole = (value: number | null): Parsed => (value === null ? { error: errors.wholeNumber } : { value });
  switch (field) {
    case "points":
    case "stepPoints":
    case "percent":
      return whole(parseWholeNumber(text));
    case "amountMinor":
    case "minimumOrderMinor": {
      const value = parseDecimal(text, money.digits);
      return value === null ? { error: errors.amount(formatDecimal(1250 * 10 ** Math.max(0, money.digits - 2), money.digits)) } : { value };
    }
    case "codeLifetimeDays": {
      const hundredths = parseDecimal(text, DAY_DIGITS);
      if (hundredths === null) return { error: programStrings.catalogue.errors.lifetime };
      return { value: Math.max(1, Math.round((hundredths * 24) / 10 ** DAY_DIGITS)) };
    }
    case "enabled":
      return text === "true" || text === "on" ? { value: true } : text === "false" || text === "" ? { value: false } : { error: errors.yesNo };
    case "collectionIds":
      return { value: collectionList(text) };
    case "tierKeys":
      return { value: text.split(",").map((key) => key.trim()).filter(Boolean) };
    case "variantId":
      return { value: variantGid(text.trim()) };
    default:
      return { value: text };
  }
}

/** The schema's field for a form field, where they differ. */
const SCHEMA_FIELD: Partial<Record<RewardField, string>> = { codeLifetimeDays: "codeLifetimeHours" };
const FORM_FIELD: Record<string, RewardField> = { codeLifetimeHours: "codeLifetimeDays" };

function messageFor(field: RewardField, issue: z.core.$ZodIssue, money: MoneyFormat): string {
  const { errors } = programStrings;
  const text = programStrings.catalogue.errors;
  if (field === "name") return issue.code === "too_big" ? errors.tooLong(Number(issue.maximum)) : text.name;
  if (field === "variantId") return text.variant;
  if (field === "collectionIds") return issue.code === "too_big" ? text.tooManyCollections(Number(issue.maximum)) : text.collections;
  if (field === "codeLifetimeDays") return text.lifetimeRange(MAX_CODE_LIFETIME_HOURS / 24);
  if (field === "tierKeys") return text.tiers;
  const isMoney = field === "amountMinor" || field === "minimumOrderMinor";
  const bound = (value: number) => (isMoney ? `${money.symbol}${formatDecimal(value, money.digits)}` : new Intl.NumberFormat("en-US").format(value));
  if (issue.code === "too_small") return errors.atLeast(bound(Number(issue.minimum)));
  if (issue.code === "too_big") return errors.atMost(bound(Number(issue.maximum)));
  return errors.wholeNumber;
}

export type RewardDraftResult = { ok: true; reward: CatalogueReward } | { ok: false; errors: FieldErrors };

/**
 * The reward a draft describes, validated by the catalogue's schema. `id` is the reward's (a new one's is made by
 * the caller); a free product's `productTitle` is what the Admin API calls the variant, looked up by the caller.
 */
export function rewardFromDraft(draft: RewardDraft, money: MoneyFormat, id: string, productTitle = "-", tierKeys?: readonly string[]): RewardDraftResult {
  const form = draft.form as RewardForm;
  const errors: FieldErrors = {};
  const candidate: Record<string, unknown> = { id, productTitle };
  for (const field of ["name", "points", "enabled", "tierKeys", ...FORM_FIELDS[form]] as RewardField[]) {
    const result = convert(field, draft[field].trim(), money);
    if ("error" in result) errors[`reward.${field}`] = result.error;
    else candidate[SCHEMA_FIELD[field] ?? field] = result.value;
  }
  const schema = REWARD_SCHEMAS[form];
  const fixed = schema.shape.kind.value;
  candidate.kind = fixed;
  if (form === "amount_off_fixed") candidate.pricing = "fixed";
  if (form === "amount_off_per_points") candidate.pricing = "per_points";
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "name");
      const field = FORM_FIELD[key] ?? (key as RewardField);
      errors[`reward.${field}`] ??= messageFor(field, issue, money);
    }
  }
  // The program's own schema refuses a tier it does not have; said here, next to the field, with what was posted.
  if (parsed.success && tierKeys && parsed.data.tierKeys.some((key) => !tierKeys.includes(key))) errors["reward.tierKeys"] ??= programStrings.catalogue.errors.tiers;
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, reward: parsed.data as CatalogueReward };
}
