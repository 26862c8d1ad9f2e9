// The audit log in plain language: what each recorded action means, from the details stored with it. The details
// are read defensively (each writer owns its own shape, and old events keep the shape they were written with);
// anything not recognised is still shown, as "field: value" lines, rather than hidden.
import { z } from "zod";
import type { AuditAction } from "~/loyalty/audit/audit-log.server";
import { formatCount, formatPoints } from "~/admin/format";
import { activityStrings } from "~/admin/strings/activity";
import { deliveriesStrings } from "~/admin/strings/deliveries";
import { importStrings } from "~/admin/strings/imports";
import { ruleLabel, ruleValue } from "./program-rule-labels";

const t = activityStrings.audit;

export interface AuditDescription {
  title: string;
  lines: string[];
  /** The member the action was about, for a link to their page. */
  memberId: string | null;
}

/** Unit suffixes of rule names, said the way a merchant reads them. */
const UNITS: [RegExp, string][] = [
  [/Minor$/, " (in cents)"],
  [/Percent$/, " (%)"],
];

/** "signupBonus" → "Signup bonus", "tiers.gold.thresholdMinor" → "Tiers › gold › threshold (in cents)". */
export function fieldLabel(path: string): string {
  const words = path
    .split(/[.[\]/]+/)
    .filter(Boolean)
    .map((part) => {
      const [unit, suffix] = UNITS.find(([pattern]) => pattern.test(part)) ?? [null, ""];
      const base = unit ? part.replace(unit, "") : part;
      return `${base.replace(/_/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase()}${suffix}`;
    });
  const label = words.join(" › ");
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A value as a person reads it: numbers grouped, booleans as on/off, lists and objects compact. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === "") return t.nothing;
  if (typeof value === "number") return formatCount(value);
  if (typeof value === "boolean") return value ? t.on : t.off;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.length === 0 ? t.nothing : value.map(valueText).join(", ");
  if (typeof value === "object") {
    const text = Object.entries(value)
      .map(([key, child]) => `${fieldLabel(key).toLowerCase()} ${valueText(child)}`)
      .join(", ");
    return text.length > 160 ? `${text.slice(0, 159)}…` : text;
  }
  return String(value);
}

const changeSchema = z.object({
  field: z.string().optional(),
  path: z.string().optional(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

/**
 * Program changes, as a list of {field|path, from|before, to|after}, a map of field → {from, to}, or field names.
 * A rule of the Program page reads with that page's section, label and units; anything else by its field name.
 */
function programLines(details: Record<string, unknown>, currencyCode: string): string[] | null {
  const changes = details.changes ?? details.diff;
  const line = (field: string, change: z.infer<typeof changeSchema>) => {
    const from = "from" in change ? change.from : change.before;
    const to = "to" in change ? change.to : change.after;
    const label = ruleLabel(field) ?? fieldLabel(field);
    const value = (side: unknown) => ruleValue(field, side, currencyCode) ?? valueText(side);
    // The program page records a tier that did not exist before (or no longer does) with null on that side.
    if (from === undefined || (from === null && to !== null && typeof to === "object")) return t.added(label, value(to));
    if (to === undefined || (to === null && from !== null && typeof from === "object")) return t.removed(label, value(from));
    return t.changed(label, value(from), value(to));
  };
  if (Array.isArray(changes)) {
    const parsed = z.array(changeSchema).safeParse(changes);
    if (parsed.success) return parsed.data.map((change) => line(change.field ?? change.path ?? "?", change));
  } else if (changes && typeof changes === "object") {
    const parsed = z.record(z.string(), changeSchema).safeParse(changes);
    if (parsed.success) return Object.entries(parsed.data).map(([field, change]) => line(field, change));
  }
  const fields = z.array(z.string()).safeParse(details.changedFields ?? details.fields ?? details.changed);
  if (fields.success) return [t.changedFields(fields.data.map(fieldLabel).join(", "))];
  return null;
}

function signedPoints(points: number): string {
  return t.points(`${points > 0 ? "+" : ""}${formatPoints(points)}`);
}

function genericLines(details: Record<string, unknown>): string[] {
  return Object.entries(details).map(([key, value]) => `${fieldLabel(key)}: ${valueText(value)}`);
}

export function describeAuditEvent(
  event: { action: AuditAction | string; subjectId: string | null; details: Record<string, unknown> },
  currencyCode: string,
): AuditDescription {
  const details = event.details;
  const title = (t.actions as Record<string, string>)[event.action] ?? event.action;
  const text = (key: string) => (typeof details[key] === "string" && details[key] !== "" ? (details[key] as string) : null);
  const number = (key: string) => (typeof details[key] === "number" ? (details[key] as number) : null);

  switch (event.action) {
    case "program.updated": {
      const lines = programLines(details, currencyCode);
      if (!lines) return { title, lines: genericLines(details), memberId: null };
      const retiered = number("membersRetiered");
      return { title, lines: retiered ? [...lines, t.retiered(formatCount(retiered))] : lines, memberId: null };
    }
    case "member.adjusted": {
      const points = number("points");
      const reason = text("reason") ?? text("memo");
      const lines = [...(points !== null ? [signedPoints(points)] : []), ...(reason ? [t.reason(reason)] : [])];
      return { title, lines: lines.length > 0 ? lines : genericLines(details), memberId: text("memberId") ?? event.subjectId };
    }
    case "member.excluded":
    case "member.included": {
      const reason = text("reason");
      return { title, lines: reason ? [t.reason(reason)] : [], memberId: text("memberId") ?? event.subjectId };
    }
    case "referral.approved":
    case "referral.rejected": {
      const order = text("orderId");
      const lines = order ? [t.referralOrder(order)] : [t.referral(text("referralId") ?? event.subjectId ?? "?")];
      const previous = text("previousStatus");
      if (previous) lines.push(t.previously(previous, text("previousReason")));
      const credited = number("points");
      if (event.action === "referral.approved" && credited) lines.push(t.advocateCredited(formatPoints(credited)));
      const reversed = number("reversedPoints");
      if (event.action === "referral.rejected" && reversed) lines.push(t.advocateReversed(formatPoints(reversed)));
      const reason = text("reason");
      if (reason) lines.push(t.reason(reason));
      return { title, lines, memberId: text("advocateMemberId") ?? text("memberId") };
    }
    case "import.completed": {
      const rows = number("rows");
      const format = importStrings.formats[text("format") ?? ""] ?? text("format") ?? "CSV";
      const lines: string[] = [];
      if (rows !== null) lines.push(t.importSummary(formatCount(rows), format));
      const changed = number("changed");
      const unchanged = number("unchanged");
      if (changed !== null && unchanged !== null) lines.push(t.importChanged(formatCount(changed), formatCount(unchanged)));
      const errorRows = number("errorRows");
      if (errorRows) lines.push(t.importErrors(formatCount(errorRows)));
      return { title, lines: lines.length > 0 ? lines : genericLines(details), memberId: null };
    }
    case "delivery.retried": {
      const topic = text("topic");
      const subject = text("subject");
      if (!topic || !subject) return { title, lines: genericLines(details), memberId: null };
      return { title, lines: [t.deliveryRetried(deliveriesStrings.topics[topic] ?? topic, subject)], memberId: null };
    }
    case "api_key.created":
    case "api_key.revoked": {
      const name = text("name");
      return { title, lines: name ? [t.apiKey(name, text("scope") ?? "read")] : genericLines(details), memberId: null };
    }
    default:
      return { title, lines: genericLines(details), memberId: null };
  }
}
