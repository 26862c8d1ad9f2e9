// A program rule in the audit log as the Program page names it: "Earning › Pending window (days)", "Tiers › gold ›
// Spend to reach", with amounts in the shop's currency and multipliers as the page shows them (1.25). The paths
// are the ones the Program page records (program-diff.ts); a path not listed here is not a rule of that page.
import { formatMoney } from "~/admin/format";
import { activityStrings } from "~/admin/strings/activity";
import { programStrings as p } from "~/admin/strings/program";
import { programActionStrings as a } from "~/admin/strings/program-actions";

const t = activityStrings.audit;

/** Sections of the Program page, by the rule paths they hold (first match wins). */
const SECTIONS: [RegExp, string][] = [
  [/^redemption\.percentageOff\./, `${p.sections.rewards.title} › ${p.rewards.percentageOff}`],
  [/^redemption\.freeShipping\./, `${p.sections.rewards.title} › ${p.rewards.freeShipping}`],
  [/^redemption\.(points|unitMinor)$/, `${p.sections.rewards.title} › ${p.rewards.fixedAmount}`],
  [/^redemption\./, p.sections.rewards.title],
  [/^(earn\.|signupBonus$|birthdayBonus$)/, p.sections.earning.title],
  [/^(tierWindowDays|tierGraceDays)$/, p.sections.tiers.title],
  [/^referral\./, p.sections.referrals.title],
  [/^expiry\./, p.sections.expiry.title],
  [/^actions\./, a.section.title],
  [/^(exclusions\.|paused$)/, p.sections.fit.title],
];

/** `thresholdMinor`: a spend threshold, as changes were recorded before tiers could follow points or orders. */
const TIER_FIELDS = {
  name: p.tiers.name,
  threshold: p.tiers.thresholdAny,
  thresholdMinor: p.tiers.threshold.spend,
  multiplierPercent: p.tiers.multiplier,
  entryPoints: p.tiers.entryPoints,
  entryRewardId: p.tiers.entryReward,
} as const;
const c = p.catalogue;
/** A reward's terms as the reward form labels them (program-diff.ts records them by the catalogue's names). */
const REWARD_TERMS: Record<string, string> = {
  kind: c.fields.form.label,
  pricing: c.fields.form.label,
  name: c.fields.name.label,
  points: c.fields.points.label,
  stepPoints: c.fields.stepPoints.label,
  amountMinor: c.fields.amountMinor.label,
  percent: c.fields.percent.label,
  variantId: c.fields.variantId.label,
  productTitle: c.fields.variantId.label,
  minimumOrderMinor: c.fields.minimumOrderMinor.label,
  codeLifetimeHours: "Code lasts (hours)",
  collectionIds: c.fields.collectionIds.label,
  tierKeys: c.fields.tierKeys.label,
  enabled: c.fields.enabled.label,
};
const REWARD_PATH = /^rewards\.([^.]+)(?:\.([A-Za-z]+))?$/;
const k = p.campaigns.fields;
/** A campaign's terms as the campaign form labels them. */
const CAMPAIGN_TERMS: Record<string, string> = {
  name: k.name.label,
  kind: k.kind.label,
  multiplierPercent: k.multiplier.label,
  points: k.points.label,
  startsAt: k.startsAt.label,
  endsAt: k.endsAt.label,
  timeZone: k.timeZone.label,
  collectionIds: k.collectionIds.label,
  enabled: k.enabled.label,
};
const CAMPAIGN_PATH = /^campaigns\.([^.]+)(?:\.([A-Za-z]+))?$/;
const LINK_PATH = /^actions\.social\.links\.([a-z]+)(?:\.url)?$/;
const EVENT_PATH = /^actions\.customEvents\.([^.]+)(?:\.(points|limit|label))?$/;
const EVENT_FIELDS = { points: a.events.points, limit: a.events.limit, label: a.events.label } as const;
const TIER_PATH = /^tiers\.([^.]+)(?:\.(name|threshold|thresholdMinor|multiplierPercent|entryPoints|entryRewardId))?$/;

/** The rule's place and label on the Program page, or null for a path that is not one of its rules. */
export function ruleLabel(path: string): string | null {
  if (path === "rewards.order") return `${p.sections.rewards.title} › ${c.orderLabel}`;
  const reward = REWARD_PATH.exec(path);
  if (reward) {
    const [, id, term] = reward;
    return [p.sections.rewards.title, id, term ? (REWARD_TERMS[term] ?? term) : null].filter(Boolean).join(" › ");
  }
  const link = LINK_PATH.exec(path);
  if (link) return `${a.section.title} › ${a.audit.link} ${link[1]}`;
  const event = EVENT_PATH.exec(path);
  if (event) {
    const [, name, field] = event;
    return [a.section.title, `${a.audit.event} ${name}`, field ? EVENT_FIELDS[field as keyof typeof EVENT_FIELDS] : null].filter(Boolean).join(" › ");
  }
  const campaign = CAMPAIGN_PATH.exec(path);
  if (campaign) {
    const [, id, term] = campaign;
    return [p.campaigns.heading, id, term ? (CAMPAIGN_TERMS[term] ?? term) : null].filter(Boolean).join(" › ");
  }
  const tier = TIER_PATH.exec(path);
  if (tier) {
    const [, key, field] = tier;
    return [p.sections.tiers.title, key, field ? TIER_FIELDS[field as keyof typeof TIER_FIELDS] : null].filter(Boolean).join(" › ");
  }
  const field = (p.fields as Record<string, { label: string }>)[path] ?? (p.formerFields as Record<string, { label: string }>)[path];
  const section = SECTIONS.find(([pattern]) => pattern.test(path))?.[1];
  return field && section ? `${section} › ${field.label}` : null;
}

/** A rule's value as the Program page shows it: money for amounts, 1.25 for a 125 % multiplier, on/off. */
export function ruleValue(path: string, value: unknown, currencyCode: string): string | null {
  const leaf = path.split(".").at(-1) ?? path;
  if (typeof value === "number" && leaf.endsWith("Minor")) return formatMoney(value, currencyCode);
  if (typeof value === "number" && leaf === "multiplierPercent") return (value / 100).toString();
  if (typeof value === "number" && /percent$/i.test(leaf)) return `${value}%`;
  if (typeof value === "boolean") return value ? t.on : t.off;
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : "—";
  if (value !== null && typeof value === "object" && REWARD_PATH.test(path)) {
    // A whole reward added: its name, kind and cost.
    const reward = value as { name?: unknown; kind?: unknown; points?: unknown };
    return [reward.name, reward.kind, reward.points === undefined ? undefined : c.cost(String(reward.points))].filter((part) => part !== undefined).map(String).join(", ");
  }
  if (value !== null && typeof value === "object" && (LINK_PATH.test(path) || EVENT_PATH.test(path))) {
    // A whole link or event rule added or removed: its facts, as "url …" or "points 50, limit once".
    return Object.entries(value).map(([field, child]) => `${field} ${String(child)}`).join(", ");
  }
  if (value !== null && typeof value === "object" && CAMPAIGN_PATH.test(path)) {
    // A whole campaign added or deleted: its name, bonus and window.
    const campaign = value as { name?: unknown; kind?: unknown; multiplierPercent?: number; points?: unknown; startsAt?: unknown; endsAt?: unknown };
    const bonus = campaign.kind === "multiply" ? `×${(campaign.multiplierPercent ?? 100) / 100}` : `+${String(campaign.points)}`;
    return [campaign.name, bonus, `${String(campaign.startsAt)} – ${String(campaign.endsAt)}`].map(String).join(", ");
  }
  if (value !== null && typeof value === "object" && TIER_PATH.test(path)) {
    // A whole tier added or removed: its name, threshold and multiplier.
    return Object.entries(value)
      .filter(([field]) => field in TIER_FIELDS)
      .map(([field, child]) => `${TIER_FIELDS[field as keyof typeof TIER_FIELDS].toLowerCase()} ${ruleValue(`${path}.${field}`, child, currencyCode) ?? String(child)}`)
      .join(", ");
  }
  return null;
}
