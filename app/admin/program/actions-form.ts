// The Program page's part of the draft for actions that earn: one link field per network ("social.instagram") and
// a list of custom-event rules ("events.0.event"), read back into the program's `actions` and validated by its
// schema, each problem next to its field (docs/decisions/044-actions-that-earn.md). The newsletter's and the
// social rule's switches and points are ordinary rule fields (program-form.ts RULE_FIELDS).
import type { z } from "zod";
import { programActionStrings as t } from "~/admin/strings/program-actions";
import { ACTION_PERIODS, MAX_EVENT_RULES, SOCIAL_NETWORKS, type ActionRules, type SocialNetwork } from "~/loyalty/actions/action-rules";
import { parseWholeNumber } from "./decimal-input";

export const EVENT_FIELD_NAMES = ["event", "points", "limit", "times", "label"] as const;
export type EventField = (typeof EVENT_FIELD_NAMES)[number];
/** "once", or a period the limit counts in. */
export const EVENT_LIMITS = ["once", ...ACTION_PERIODS] as const;

export type EventDraft = Record<EventField, string>;

export interface ActionsDraft {
  links: Record<SocialNetwork, string>;
  events: EventDraft[];
}

export function actionsDraft(actions: ActionRules): ActionsDraft {
  const links = Object.fromEntries(SOCIAL_NETWORKS.map((network) => [network, actions.social.links.find((link) => link.network === network)?.url ?? ""])) as Record<SocialNetwork, string>;
  const events = actions.customEvents.map((rule) => ({
    event: rule.event,
    points: String(rule.points),
    limit: rule.limit.kind === "once" ? "once" : rule.limit.period,
    times: rule.limit.kind === "once" ? "1" : String(rule.limit.times),
    label: rule.label ?? "",
  }));
  return { links, events };
}

export function newEventDraft(): EventDraft {
  return { event: "", points: "50", limit: "once", times: "1", label: "" };
}

export function actionsEntries(draft: ActionsDraft): [string, string][] {
  return [
    ...SOCIAL_NETWORKS.map((network): [string, string] => [`social.${network}`, draft.links[network]]),
    ...draft.events.flatMap((rule, index) => EVENT_FIELD_NAMES.map((field): [string, string] => [`events.${index}.${field}`, rule[field]])),
  ];
}

const LINK_ENTRY = /^social\.([a-z]+)$/;
const EVENT_ENTRY = /^events\.(\d{1,3})\.(event|points|limit|times|label)$/;

/**
 * Reads the actions' entries of a submitted form over the saved draft: links left out keep their saved value, and
 * any `events.N.*` entry replaces the saved list, as tiers do. Null for an entry that cannot be one of these.
 */
export function readActionsDraft(entries: Iterable<[string, unknown]>, saved: ActionsDraft): ActionsDraft | null {
  const links = { ...saved.links };
  const events = new Map<number, EventDraft>();
  for (const [name, value] of entries) {
    const link = LINK_ENTRY.exec(name);
    if (name.startsWith("social.")) {
      if (!link?.[1] || !(SOCIAL_NETWORKS as string[]).includes(link[1]) || typeof value !== "string") return null;
      links[link[1] as SocialNetwork] = value;
      continue;
    }
    if (!name.startsWith("events.")) continue;
    const match = EVENT_ENTRY.exec(name);
    if (!match || typeof value !== "string") return null;
    const index = Number(match[1]);
    const rule = events.get(index) ?? { event: "", points: "", limit: "once", times: "1", label: "" };
    rule[match[2] as EventField] = value;
    events.set(index, rule);
  }
  if (events.size === 0) return { links, events: saved.events };
  const list: EventDraft[] = [];
  for (let index = 0; index < events.size; index++) {
    const rule = events.get(index);
    if (!rule) return null;
    list.push(rule);
  }
  return { links, events: list };
}

/** The links and event rules a draft describes, for the program schema to validate; problems it finds itself. */
export function actionsCandidate(draft: ActionsDraft, wholeNumber: string): { links: unknown[]; customEvents: unknown[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const links = SOCIAL_NETWORKS.filter((network) => draft.links[network].trim() !== "").map((network) => ({ network, url: draft.links[network].trim() }));
  const customEvents = draft.events.map((rule, index) => {
    const points = parseWholeNumber(rule.points.trim());
    if (points === null) errors[`events.${index}.points`] = wholeNumber;
    const limitKind = (EVENT_LIMITS as readonly string[]).includes(rule.limit) ? rule.limit : null;
    if (!limitKind) errors[`events.${index}.limit`] = t.errors.limit;
    const times = parseWholeNumber(rule.times.trim());
    if (limitKind && limitKind !== "once" && times === null) errors[`events.${index}.times`] = wholeNumber;
    const label = rule.label.trim();
    return {
      event: rule.event.trim(),
      points: points ?? 0,
      limit: limitKind === "once" || !limitKind ? { kind: "once" } : { kind: "per_period", period: limitKind, times: times ?? 0 },
      ...(label ? { label } : {}),
    };
  });
  return { links, customEvents, errors };
}

/**
 * The form field a schema issue under `actions` concerns: a link's by its network, an event rule's by its place;
 * null for an issue of another part of the program.
 */
export function actionsFieldOf(issue: z.core.$ZodIssue, links: readonly { network: string }[]): { field: string; message: string | null } | null {
  const [root, group, list, index, leaf] = issue.path.map(String);
  if (root !== "actions") return null;
  if (group === "social" && list === "links") {
    const network = index === undefined ? undefined : links[Number(index)]?.network;
    return network ? { field: `social.${network}`, message: t.errors.link } : { field: "actions.social.enabled", message: null };
  }
  if (group === "customEvents") {
    if (list === undefined) return { field: "events", message: issue.code === "too_big" ? t.errors.tooManyEvents(MAX_EVENT_RULES) : t.errors.sameEvent };
    const field = `events.${list}.${index === "limit" ? (leaf === "times" ? "times" : "limit") : (index ?? "event")}`;
    return { field, message: index === "event" ? t.errors.eventName : null };
  }
  return null;
}
