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

function tierFacts({ name, thresholdMinor, multiplierPercent }: Tier) {
  return { name, thresholdMinor, multiplierPercent };
}

function tierChanges(before: readonly Tier[], after: readonly Tier[]): RuleChange[] {
  const changes: RuleChange[] = [];
  const old = new Map(before.map((tier) => [tier.key, tier]));
  const current = new Map(after.map((tier) => [tier.key, tier]));
  for (const tier of after) {
    const previous = old.get(tier.key);
    if (!previous) {
      changes.push({ path: `tiers.${tier.key}`, from: null, to: tierFacts(tier) });
      continue;
    }
    for (const field of ["name", "thresholdMinor", "multiplierPercent"] as const) {
      if (previous[field] !== tier[field]) changes.push({ path: `tiers.${tier.key}.${field}`, from: previous[field], to: tier[field] });
    }
  }
  for (const tier of before) if (!current.has(tier.key)) changes.push({ path: `tiers.${tier.key}`, from: tierFacts(tier), to: null });
  return changes;
}

/** A reward's terms as leaves; a list (its collections) is one value. */
function rewardTerms(reward: CatalogueReward): Record<string, unknown> {
  const { id: _id, ...terms } = reward;
  return terms;
}

const same = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b);

function rewardChanges(before: readonly CatalogueReward[], after: readonly CatalogueReward[]): RuleChange[] {
  const changes: RuleChange[] = [];
  const old = new Map(before.map((reward) => [reward.id, reward]));
  for (const reward of after) {
    const previous = old.get(reward.id);
    if (!previous) {
      changes.push({ path: `rewards.${reward.id}`, from: null, to: rewardTerms(reward) });
      continue;
    }
    const was = rewardTerms(previous) as Record<string, unknown>;
    const now = rewardTerms(reward) as Record<string, unknown>;
    for (const term of new Set([...Object.keys(now), ...Object.keys(was)])) {
      if (!same(was[term], now[term])) changes.push({ path: `rewards.${reward.id}.${term}`, from: was[term] ?? null, to: now[term] ?? null });
    }
  }
  const current = new Set(after.map((reward) => reward.id));
  for (const reward of before) if (!current.has(reward.id)) changes.push({ path: `rewards.${reward.id}`, from: rewardTerms(reward), to: null });
  const kept = (list: readonly CatalogueReward[], other: Set<string>) => list.map((reward) => reward.id).filter((id) => other.has(id));
  const beforeOrder = kept(before, current);
  const afterOrder = kept(after, new Set(before.map((reward) => reward.id)));
  if (!same(beforeOrder, afterOrder)) changes.push({ path: "rewards.order", from: before.map((reward) => reward.id), to: after.map((reward) => reward.id) });
  return changes;
}

export function diffProgramRules(before: ProgramRules, after: ProgramRules): RuleChange[] {
  const { tiers: beforeTiers, rewards: beforeRewards, ...beforeRest } = before;
  const { tiers: afterTiers, rewards: afterRewards, ...afterRest } = after;
  const old = new Map<string, unknown>();
  const current = new Map<string, unknown>();
  leaves(beforeRest, "", old);
  leaves(afterRest, "", current);
  const changes: RuleChange[] = [];
  for (const [path, to] of current) {
    const from = old.has(path) ? old.get(path) : null;
    if (from !== to) changes.push({ path, from, to });
  }
  for (const [path, from] of old) if (!current.has(path)) changes.push({ path, from, to: null });
  return [...changes, ...tierChanges(beforeTiers, afterTiers), ...rewardChanges(beforeRewards, afterRewards)];
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
