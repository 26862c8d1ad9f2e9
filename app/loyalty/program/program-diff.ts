// What a save changed, as the audit log records it: one entry per rule whose value differs, old → new. Tiers
// are compared by key, so reordering them is no change and a renamed tier reads as a rename. Rewards are compared
// by id: "rewards.<id>.<term>" for a changed term, "rewards.<id>" for a reward added, and "rewards.order" when the
// merchant moved one (their order is what shoppers see).
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import type { CatalogueReward } from "~/loyalty/redemption/reward-catalogue";

export interface RuleChange {
  /**
   * The rule's path, e.g. "earn.pendingDays", "tiers.silver.thresholdMinor", "rewards.free-shipping.points"; a
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

/** A tier's rules; no entry reward and a reward of 0 are the same (none), and left out. */
function tierFacts({ name, thresholdMinor, multiplierPercent, entryPoints }: Tier) {
  return { name, thresholdMinor, multiplierPercent, ...(entryPoints ? { entryPoints } : {}) };
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

/**
 * The pauses are not a rule of their own: they change with `paused`, at the moment of the save that records it
 * (program-pause.ts), so the audit log has them already.
 */
export function diffProgramRules(before: ProgramRules, after: ProgramRules): RuleChange[] {
  const { tiers: beforeTiers, rewards: beforeRewards, pauses: _beforePauses, ...beforeRest } = before;
  const { tiers: afterTiers, rewards: afterRewards, pauses: _afterPauses, ...afterRest } = after;
  const old = new Map<string, unknown>();
  const current = new Map<string, unknown>();
  leaves(beforeRest, "", old);
  leaves(afterRest, "", current);
  const changes: RuleChange[] = [];
  for (const [path, to] of current) {
    const from = old.has(path) ? old.get(path) : null;
    if (!same(from, to)) changes.push({ path, from, to });
  }
  for (const [path, from] of old) if (!current.has(path)) changes.push({ path, from, to: null });
  return [...changes, ...keyedChanges("tiers", beforeTiers, afterTiers, (tier) => tier.key, tierFacts), ...rewardChanges(beforeRewards, afterRewards)];
}

/** Whether members may hold a different tier under `after`: a tier added or removed, or a threshold moved. */
export function tierLadderChanged(before: readonly Tier[], after: readonly Tier[]): boolean {
  const ladder = (tiers: readonly Tier[]) =>
    JSON.stringify([...tiers].sort((a, b) => a.thresholdMinor - b.thresholdMinor).map((tier) => [tier.thresholdMinor, tier.key]));
  return ladder(before) !== ladder(after);
}

/** Whether members' qualifying spend is counted differently under `after`: another window, or test orders in or out. */
export function tierSpendRulesChanged(before: ProgramRules, after: ProgramRules): boolean {
  return before.tierWindowDays !== after.tierWindowDays || before.earn.includeTestOrders !== after.earn.includeTestOrders;
}
