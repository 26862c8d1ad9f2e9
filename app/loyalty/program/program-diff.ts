// What a save changed, as the audit log records it: one entry per rule whose value differs, old → new. Tiers
// are compared by key, so reordering them is no change and a renamed tier reads as a rename. Rewards are compared
// by id: "rewards.<id>.<term>" for a changed term, "rewards.<id>" for a reward added, and "rewards.order" when the
// merchant moved one (their order is what shoppers see). The actions' lists are compared by network and by event
// name: "actions.social.links.<network>", "actions.customEvents.<event>.<field>". Campaigns by id:
// "campaigns.<id>.<term>", or "campaigns.<id>" for one added or deleted.
import type { EventRule, SocialLink } from "~/loyalty/actions/action-rules";
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import type { CatalogueReward } from "~/loyalty/redemption/reward-catalogue";
import type { Campaign } from "~/loyalty/campaigns/campaign-rules";

export interface RuleChange {
  /**
   * The rule's path, e.g. "earn.pendingDays", "tiers.silver.threshold", "rewards.free-shipping.points"; a
   * whole tier is "tiers.<key>", a whole reward "rewards.<id>".
   */
  path: string;
  /** Null for a tier that did not exist before (from) or no longer exists (to). */
  from: unknown;
  to: unknown;
}

/** A rule with no value (an optional one never set) is no rule, as in the stored JSON. */
function leaves(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value === undefined) return;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value);
  }
}

/** A tier's rules; no entry reward and a reward of 0 are the same (none), and left out; so is no catalogue reward. */
function tierFacts({ name, threshold, multiplierPercent, entryPoints, entryRewardId }: Tier) {
  return { name, threshold, multiplierPercent, ...(entryPoints ? { entryPoints } : {}), ...(entryRewardId ? { entryRewardId } : {}) };
}

const same = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b);

/** Changes of a list whose items are named by a key: each changed field, then items added, then items removed. */
function keyedChanges<T>(prefix: string, before: readonly T[], after: readonly T[], keyOf: (item: T) => string, facts: (item: T) => Record<string, unknown>): RuleChange[] {
  const changes: RuleChange[] = [];
  const old = new Map(before.map((item) => [keyOf(item), item]));
  const current = new Set(after.map(keyOf));
  for (const item of after) {
    const key = keyOf(item);
    const previous = old.get(key);
    if (!previous) {
      changes.push({ path: `${prefix}.${key}`, from: null, to: facts(item) });
      continue;
    }
    const was = facts(previous);
    const now = facts(item);
    for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
      if (!same(was[field], now[field])) changes.push({ path: `${prefix}.${key}.${field}`, from: was[field] ?? null, to: now[field] ?? null });
    }
  }
  for (const item of before) if (!current.has(keyOf(item))) changes.push({ path: `${prefix}.${keyOf(item)}`, from: facts(item), to: null });
  return changes;
}

/** A reward's terms as leaves; a list (its collections) is one value. */
function rewardTerms(reward: CatalogueReward): Record<string, unknown> {
  const { id: _id, ...terms } = reward;
  return terms;
}

function rewardChanges(before: readonly CatalogueReward[], after: readonly CatalogueReward[]): RuleChange[] {
  const changes = keyedChanges("rewards", before, after, (reward) => reward.id, rewardTerms);
  const ids = (list: readonly CatalogueReward[]) => list.map((reward) => reward.id);
  const kept = (list: readonly CatalogueReward[], other: readonly CatalogueReward[]) => ids(list).filter((id) => ids(other).includes(id));
  if (!same(kept(before, after), kept(after, before))) changes.push({ path: "rewards.order", from: ids(before), to: ids(after) });
  return changes;
}

/** A custom-event rule's facts as leaves: its limit as one word ("once", "3/day"), no label as none. */
function eventRuleFacts({ points, limit, label }: EventRule): Record<string, unknown> {
  return { points, limit: limit.kind === "once" ? "once" : `${limit.times}/${limit.period}`, ...(label ? { label } : {}) };
}

/**
 * The program without its keyed lists, which are compared item by item, and without the pauses: they are not a rule
 * of their own, they change with `paused` at the moment of the save that records it (program-pause.ts), so the
 * audit log has them already.
 */
function scalarRules({ tiers: _tiers, rewards: _rewards, campaigns: _campaigns, pauses: _pauses, actions, ...rest }: ProgramRules) {
  const { links: _links, ...social } = actions.social;
  return { ...rest, actions: { newsletter: actions.newsletter, social } };
}

function actionListChanges(before: ProgramRules, after: ProgramRules): RuleChange[] {
  const linkFacts = (link: SocialLink) => ({ url: link.url });
  return [
    ...keyedChanges("actions.social.links", before.actions.social.links, after.actions.social.links, (link) => link.network, linkFacts),
    ...keyedChanges("actions.customEvents", before.actions.customEvents, after.actions.customEvents, (rule) => rule.event, eventRuleFacts),
  ];
}

/** A campaign's terms as leaves; its collections are one value. */
function campaignTerms(campaign: Campaign): Record<string, unknown> {
  const { id: _id, ...terms } = campaign;
  return terms;
}

export function diffProgramRules(before: ProgramRules, after: ProgramRules): RuleChange[] {
  const { tiers: beforeTiers, rewards: beforeRewards } = before;
  const { tiers: afterTiers, rewards: afterRewards } = after;
  const old = new Map<string, unknown>();
  const current = new Map<string, unknown>();
  leaves(scalarRules(before), "", old);
  leaves(scalarRules(after), "", current);
  const changes: RuleChange[] = [];
  for (const [path, to] of current) {
    const from = old.has(path) ? old.get(path) : null;
    if (!same(from, to)) changes.push({ path, from, to });
  }
  for (const [path, from] of old) if (!current.has(path)) changes.push({ path, from, to: null });
  return [
    ...changes,
    ...keyedChanges("tiers", beforeTiers, afterTiers, (tier) => tier.key, tierFacts),
    ...rewardChanges(beforeRewards, afterRewards),
    ...actionListChanges(before, after),
    ...keyedChanges("campaigns", before.campaigns, after.campaigns, (campaign) => campaign.id, campaignTerms),
  ];
}

/** Whether members may hold a different tier under `after`: a tier added or removed, or a threshold moved. */
export function tierLadderChanged(before: readonly Tier[], after: readonly Tier[]): boolean {
  const ladder = (tiers: readonly Tier[]) =>
    JSON.stringify([...tiers].sort((a, b) => a.threshold - b.threshold).map((tier) => [tier.threshold, tier.key]));
  return ladder(before) !== ladder(after);
}

/** Whether members' qualifying totals are counted differently under `after`: another measure, another window, or test orders in or out. */
export function tierSpendRulesChanged(before: ProgramRules, after: ProgramRules): boolean {
  return (
    before.tierMeasure !== after.tierMeasure ||
    before.tierWindowDays !== after.tierWindowDays ||
    before.earn.includeTestOrders !== after.earn.includeTestOrders
  );
}
