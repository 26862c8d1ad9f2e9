// The Program page's form: every program rule as the text a merchant edits, and back to rules through the
// program's own zod schema, with each problem attached to the field it concerns. Field names are the rules'
// paths ("earn.points", "tiers.1.threshold"), so a zod issue's path names its field.
import type { z } from "zod";
import { programStrings } from "~/admin/strings/program";
import { DEFAULT_EXPIRY_NOTICE_DAYS, MAX_EXCLUDED_TAGS, MAX_TIERS, programRulesSchema, TIER_MEASURES, type ProgramRules, type TierMeasure } from "~/loyalty/program/program-rules";
import { actionsCandidate, actionsDraft, actionsEntries, actionsFieldOf, readActionsDraft, type ActionsDraft } from "./actions-form";
import { formatDecimal, parseDecimal, parseWholeNumber } from "./decimal-input";

/**
 * A "flag" is a checkbox for a rule added after programs were first saved: off is stored as no value at all, so a
 * program saved before the rule existed reads, and saves, the same (no change in the audit log). A "count" is a
 * whole number added the same way: its default (UNSET_DEFAULTS) is stored as no value. "tags" is a list of
 * Shopify customer tags typed separated by commas; none is stored as no value.
 */
type FieldKind = "integer" | "money" | "boolean" | "flag" | "count" | "measure" | "collections" | "tags";

/**
 * Every rule but the tiers, the reward catalogue (edited a reward at a time, reward-form.ts), the bonus campaigns
 * (a campaign at a time, campaign-form.ts) and the actions' lists (a link per network and the custom-event rules,
 * actions-form.ts), with how it is typed. A unit test checks this covers every rule there is.
 */
export const RULE_FIELDS = {
  "earn.points": "integer",
  "earn.unitMinor": "money",
  "earn.includeTestOrders": "boolean",
  "earn.pendingDays": "integer",
  "earn.excludedCollectionIds": "collections",
  "earn.includeShipping": "flag",
  signupBonus: "integer",
  birthdayBonus: "count",
  "redemption.points": "integer",
  "redemption.unitMinor": "money",
  "redemption.returnPointsOnFullRefund": "boolean",
  tierMeasure: "measure",
  tierWindowDays: "integer",
  tierGraceDays: "count",
  "referral.friendDiscountPercent": "integer",
  "referral.advocatePoints": "integer",
  "referral.fraud.rejectSameEmail": "boolean",
  "referral.fraud.rejectSameAddress": "boolean",
  "referral.milestone.enabled": "boolean",
  "referral.milestone.everyReferrals": "integer",
  "referral.milestone.points": "integer",
  "expiry.enabled": "boolean",
  "expiry.monthsWithoutPurchase": "integer",
  "expiry.anyActivity": "flag",
  "expiry.noticeDays": "count",
  "customerData.tierTags": "flag",
  "actions.newsletter.enabled": "boolean",
  "actions.newsletter.points": "integer",
  "actions.social.enabled": "boolean",
  "actions.social.points": "integer",
  "exclusions.customerTags": "tags",
  paused: "flag",
} as const satisfies Record<string, FieldKind>;

export type RuleField = keyof typeof RULE_FIELDS;
export const RULE_FIELD_NAMES = Object.keys(RULE_FIELDS) as RuleField[];

/** What each "count" reads as while it has no value. */
const UNSET_DEFAULTS: Record<string, number> = { "expiry.noticeDays": DEFAULT_EXPIRY_NOTICE_DAYS, birthdayBonus: 0, tierGraceDays: 0 };

export const TIER_FIELD_NAMES = ["key", "name", "threshold", "multiplierPercent", "entryPoints", "entryRewardId"] as const;
type TierField = (typeof TIER_FIELD_NAMES)[number];

/**
 * A tier as typed. An empty key marks a tier added in this edit; it gets a key from its name on save. No entry
 * reward typed (points, or a catalogue reward's id) is none.
 */
export type TierDraft = Record<Exclude<TierField, "entryPoints" | "entryRewardId">, string> & { entryPoints?: string; entryRewardId?: string };

export interface ProgramDraft {
  fields: Record<RuleField, string>;
  tiers: TierDraft[];
  actions: ActionsDraft;
}

/** Field name → the message shown next to it. "tiers" holds problems of the tier list as a whole. */
export type FieldErrors = Record<string, string>;

export interface MoneyFormat {
  currencyCode: string;
  /** Decimals of the currency's minor unit: 2 for USD, 0 for JPY. */
  digits: number;
  /** What goes before an amount in a field, e.g. "$". */
  symbol: string;
}

/** Multipliers are stored as percentages and typed with two decimals: 125 ⇄ "1.25". */
const MULTIPLIER_DIGITS = 2;

export function moneyFormat(currencyCode: string): MoneyFormat {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode });
  const symbol = format.formatToParts(0).find((part) => part.type === "currency")?.value ?? currencyCode;
  return { currencyCode, digits: format.resolvedOptions().maximumFractionDigits ?? 2, symbol };
}

function valueAt(rules: ProgramRules, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], rules);
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  node[last] = value;
}

/** "123" or "gid://shopify/Collection/123", one per line or separated by commas. */
export function collectionList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => (/^\d+$/.test(item) ? `gid://shopify/Collection/${item}` : item));
}

function fieldText(name: RuleField, kind: FieldKind, value: unknown, money: MoneyFormat): string {
  if (kind === "collections") return (value as string[]).join("\n");
  if (kind === "boolean" || kind === "flag") return value === true ? "true" : "false";
  if (kind === "count") return String(value ?? UNSET_DEFAULTS[name]);
  if (kind === "tags") return ((value as string[] | undefined) ?? []).join(", ");
  if (kind === "money") return formatDecimal(value as number, money.digits);
  return String(value);
}

/** What the draft's tiers follow; spend while the field holds nothing it knows. */
export function draftMeasure(draft: ProgramDraft): TierMeasure {
  return TIER_MEASURES.find((measure) => measure === draft.fields.tierMeasure) ?? "spend";
}

/** Thresholds are typed as money for spend, as whole numbers of points or orders. */
function thresholdKind(measure: TierMeasure): "money" | "integer" {
  return measure === "spend" ? "money" : "integer";
}

function thresholdText(threshold: number, measure: TierMeasure, money: MoneyFormat): string {
  return measure === "spend" ? formatDecimal(threshold, money.digits) : String(threshold);
}

/** The form as a merchant first sees it: the saved rules, tiers from the entry tier up. */
export function draftFromRules(rules: ProgramRules, money: MoneyFormat): ProgramDraft {
  const fields = Object.fromEntries(RULE_FIELD_NAMES.map((name) => [name, fieldText(name, RULE_FIELDS[name], valueAt(rules, name), money)])) as Record<RuleField, string>;
  const tiers = [...rules.tiers]
    .sort((a, b) => a.threshold - b.threshold)
    .map((tier) => ({
      key: tier.key,
      name: tier.name,
      threshold: thresholdText(tier.threshold, rules.tierMeasure, money),
      multiplierPercent: formatDecimal(tier.multiplierPercent, MULTIPLIER_DIGITS),
      ...(tier.entryPoints ? { entryPoints: String(tier.entryPoints) } : {}),
      ...(tier.entryRewardId ? { entryRewardId: tier.entryRewardId } : {}),
    }));
  return { fields, tiers, actions: actionsDraft(rules.actions) };
}

/** The draft as form entries, in the names the action reads. */
export function draftEntries(draft: ProgramDraft): [string, string][] {
  return [
    ...RULE_FIELD_NAMES.map((name): [string, string] => [name, draft.fields[name]]),
    ...draft.tiers.flatMap((tier, index) => TIER_FIELD_NAMES.map((field): [string, string] => [`tiers.${index}.${field}`, tier[field] ?? (field === "entryRewardId" ? "" : "0")])),
    ...actionsEntries(draft.actions),
  ];
}

export function sameDraft(a: ProgramDraft, b: ProgramDraft): boolean {
  return JSON.stringify(draftEntries(a)) === JSON.stringify(draftEntries(b));
}

const TIER_ENTRY = /^tiers\.(\d{1,3})\.(key|name|threshold|multiplierPercent|entryPoints|entryRewardId)$/;

/**
 * A submitted form over the saved draft: fields left out keep their saved value, so a script may send only what
 * it changes. Tiers come as a whole: any `tiers.N.*` entry replaces the saved list. Null when the form cannot be
 * a program form at all (a file, a gap in the tier numbering, a tier field that does not exist).
 */
export function readDraft(submitted: Iterable<[string, unknown]>, saved: ProgramDraft): ProgramDraft | null {
  const entries = [...submitted];
  const actions = readActionsDraft(entries, saved.actions);
  if (!actions) return null;
  const fields = { ...saved.fields };
  const tiers = new Map<number, TierDraft>();
  for (const [name, value] of entries) {
    if (name.startsWith("tiers.")) {
      const match = TIER_ENTRY.exec(name);
      if (!match || typeof value !== "string") return null;
      const index = Number(match[1]);
      const tier = tiers.get(index) ?? { key: "", name: "", threshold: "", multiplierPercent: "" };
      // No entry reward, or none sent (a form from before they existed), is none: the draft leaves it out.
      const none = match[2] === "entryPoints" ? ["", "0"].includes(value.trim()) : match[2] === "entryRewardId" && value.trim() === "";
      if (!none) tier[match[2] as TierField] = value;
      tiers.set(index, tier);
    } else if (name in RULE_FIELDS) {
      if (typeof value !== "string") return null;
      fields[name as RuleField] = value;
    }
  }
  if (tiers.size === 0) return { fields, tiers: saved.tiers, actions };
  const list: TierDraft[] = [];
  for (let index = 0; index < tiers.size; index++) {
    const tier = tiers.get(index);
    if (!tier) return null;
    list.push(tier);
  }
  return { fields, tiers: list, actions };
}

function slug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30);
  return base || "tier";
}

/**
 * Keys for the tiers: kept where a tier has one (a rename keeps the tier, and its members), made from the name
 * for a new tier, never one another tier holds.
 */
export function assignTierKeys(tiers: readonly { key: string; name: string }[]): string[] {
  const taken = new Set(tiers.map((tier) => tier.key).filter(Boolean));
  return tiers.map((tier) => {
    if (tier.key) return tier.key;
    const base = slug(tier.name);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    return key;
  });
}

/** Thresholds in the draft's measure (minor units of spend, points, orders), in draft order, or null while any is not valid. */
export function draftThresholds(draft: ProgramDraft, money: MoneyFormat): number[] | null {
  const measure = draftMeasure(draft);
  const thresholds = draft.tiers.map((tier) => (measure === "spend" ? parseDecimal(tier.threshold, money.digits) : parseWholeNumber(tier.threshold)));
  return thresholds.every((value): value is number => value !== null) ? thresholds : null;
}

function invalidMessage(kind: FieldKind | "multiplier", money: MoneyFormat): string {
  const { errors } = programStrings;
  if (kind === "collections") return errors.collections;
  if (kind === "tags") return errors.tags;
  if (kind === "boolean" || kind === "flag") return errors.yesNo;
  if (kind === "integer" || kind === "count") return errors.wholeNumber;
  if (kind === "money") return errors.amount(formatDecimal(1250 * 10 ** Math.max(0, money.digits - 2), money.digits));
  if (kind === "measure") return errors.measure;
  return errors.multiplier;
}

function convert(kind: FieldKind | "multiplier", text: string, money: MoneyFormat, unset?: number): { value: number | boolean | string | string[] | undefined } | { error: string } {
  if (kind === "measure") return TIER_MEASURES.some((measure) => measure === text) ? { value: text } : { error: invalidMessage(kind, money) };
  if (kind === "collections") return { value: collectionList(text) };
  if (kind === "tags") {
    // Shopify's tags do not depend on case: "Staff" and "staff" are one tag, kept as first typed.
    const typed = text.split(",").map((tag) => tag.trim()).filter(Boolean);
    const tags = typed.filter((tag, index) => typed.findIndex((other) => other.toLowerCase() === tag.toLowerCase()) === index);
    return { value: tags.length > 0 ? tags : undefined };
  }
  let value: number | boolean | null;
  if (kind === "boolean" || kind === "flag") value = text === "true" || text === "on" ? true : text === "false" || text === "" ? false : null;
  else if (kind === "integer" || kind === "count") value = parseWholeNumber(text);
  else value = parseDecimal(text, kind === "money" ? money.digits : MULTIPLIER_DIGITS);
  if (value === null) return { error: invalidMessage(kind, money) };
  if (kind === "flag" && value === false) return { value: undefined };
  if (kind === "count" && value === unset) return { value: undefined };
  return { value };
}

function kindOf(field: string, measure: TierMeasure): FieldKind | "multiplier" | "text" | "list" {
  if (field in RULE_FIELDS) return RULE_FIELDS[field as RuleField];
  if (field.endsWith(".threshold")) return thresholdKind(measure);
  if (field.endsWith(".multiplierPercent")) return "multiplier";
  if (field.endsWith(".entryPoints")) return "integer";
  if (field === "tiers") return "list";
  if (/^events\.\d+\.(points|times)$/.test(field)) return "integer";
  return "text";
}

function bound(kind: ReturnType<typeof kindOf>, value: number, money: MoneyFormat): string {
  if (kind === "money") return `${money.symbol}${formatDecimal(value, money.digits)}`;
  if (kind === "multiplier") return formatDecimal(value, MULTIPLIER_DIGITS);
  return new Intl.NumberFormat("en-US").format(value);
}

function messageFor(field: string, issue: z.core.$ZodIssue, money: MoneyFormat, measure: TierMeasure): string {
  const { errors } = programStrings;
  const kind = kindOf(field, measure);
  if (field.endsWith(".key")) return errors.tierKey;
  if (field.endsWith(".entryRewardId")) return errors.entryReward;
  // The one rule across two fields: points per amount, which keeps every order's points inside the ledger.
  if (field === "earn.points" && issue.code === "custom") return errors.earnRate;
  if (kind === "collections") return issue.code === "too_big" ? errors.tooManyCollections(Number(issue.maximum)) : errors.collections;
  if (kind === "tags") {
    if (issue.code === "too_big" && issue.origin === "array") return errors.tooManyTags(MAX_EXCLUDED_TAGS);
    if (issue.code === "too_big") return errors.tooLong(Number(issue.maximum));
    return errors.tags;
  }
  if (kind === "list") {
    if (issue.code === "too_big") return errors.tooManyTiers(MAX_TIERS);
    if (issue.code === "too_small") return errors.noTiers;
    return errors.tierList;
  }
  if (kind === "text") {
    if (issue.code === "too_big") return errors.tooLong(Number(issue.maximum));
    return errors.required;
  }
  if (issue.code === "too_small") return errors.atLeast(bound(kind, Number(issue.minimum), money));
  if (issue.code === "too_big") return errors.atMost(bound(kind, Number(issue.maximum), money));
  return invalidMessage(kind, money);
}

/** The tier list's own rules, checked here so each problem lands on the tier it concerns. */
function tierListErrors(tiers: readonly { threshold?: number }[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<number>();
  tiers.forEach((tier, index) => {
    if (tier.threshold === undefined) return;
    if (seen.has(tier.threshold)) errors[`tiers.${index}.threshold`] = programStrings.errors.sameThreshold;
    seen.add(tier.threshold);
  });
  if (tiers.length > 0 && tiers.every((tier) => tier.threshold !== undefined) && !seen.has(0)) {
    errors.tiers = programStrings.errors.needEntryTier;
  }
  return errors;
}

export type DraftResult = { ok: true; rules: ProgramRules } | { ok: false; errors: FieldErrors };

/**
 * The rules a draft describes, validated by the program's schema; every problem keyed by its field. `rewards` is
 * the catalogue as saved: the form does not edit it, but the rules are checked with it.
 */
export function rulesFromDraft(draft: ProgramDraft, money: MoneyFormat, rewards?: ProgramRules["rewards"]): DraftResult {
  const errors: FieldErrors = {};
  const candidate: Record<string, unknown> = rewards ? { rewards } : {};
  for (const name of RULE_FIELD_NAMES) {
    const result = convert(RULE_FIELDS[name], draft.fields[name].trim(), money, UNSET_DEFAULTS[name]);
    if ("error" in result) errors[name] = result.error;
    else setAt(candidate, name, result.value);
  }
  const measure = draftMeasure(draft);
  const keys = assignTierKeys(draft.tiers);
  const tiers = draft.tiers.map((tier, index) => {
    const parsed: { key: string; name: string; threshold?: number; multiplierPercent?: number; entryPoints?: number; entryRewardId?: string } = { key: keys[index] ?? "", name: tier.name };
    for (const field of ["threshold", "multiplierPercent"] as const) {
      const result = convert(field === "threshold" ? thresholdKind(measure) : "multiplier", tier[field].trim(), money);
      if ("error" in result) errors[`tiers.${index}.${field}`] = result.error;
      else parsed[field] = result.value as number;
    }
    const entry = convert("integer", (tier.entryPoints ?? "").trim() || "0", money);
    if ("error" in entry) errors[`tiers.${index}.entryPoints`] = entry.error;
    // None is left out, as programs saved before entry rewards have it.
    else if ((entry.value as number) !== 0) parsed.entryPoints = entry.value as number;
    // The program's schema checks the reward is one of the catalogue's, with a value of its own.
    const rewardId = (tier.entryRewardId ?? "").trim();
    if (rewardId !== "") parsed.entryRewardId = rewardId;
    return parsed;
  });
  candidate.tiers = tiers;
  const actions = actionsCandidate(draft.actions, programStrings.errors.wholeNumber);
  setAt(candidate, "actions.social.links", actions.links);
  setAt(candidate, "actions.customEvents", actions.customEvents);
  for (const [field, message] of Object.entries(actions.errors)) errors[field] ??= message;
  const listErrors = tierListErrors(tiers);
  for (const [field, message] of Object.entries(listErrors)) errors[field] ??= message;

  const parsed = programRulesSchema.safeParse(candidate);
  if (!parsed.success) {
    const tierProblemsShown = Object.keys(errors).some((field) => field.startsWith("tiers"));
    for (const issue of parsed.error.issues) {
      const action = actionsFieldOf(issue, actions.links as { network: string }[]);
      if (action) {
        errors[action.field] ??= action.message ?? messageFor(action.field, issue, money, measure);
        continue;
      }
      // A problem with one collection of the list is the list's.
      // One tag of the excluded tags ("exclusions.customerTags.2") belongs to the one field they are typed in.
      const field =
        issue.path[0] === "earn" && issue.path[1] === "excludedCollectionIds" ? "earn.excludedCollectionIds" : issue.path[0] === "exclusions" ? "exclusions.customerTags" : issue.path.join(".");
      // The schema's own checks of the whole list repeat what tierListErrors already put next to a tier.
      if (field === "tiers" && issue.code === "custom" && tierProblemsShown) continue;
      // A tier-only reward left without its tier: the reward is edited in the catalogue, not on this form.
      if (field.startsWith("rewards.")) errors.form ??= programStrings.errors.rewardNeedsTier(issue.message);
      else errors[field] ??= messageFor(field, issue, money, measure);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, rules: parsed.data };
}
