// What a save changed, as the audit log records it: one entry per rule whose value differs, old → new. Tiers
// are compared by key, so reordering them is no change and a renamed tier reads as a rename.
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";

export interface RuleChange {
  /** The rule's path, e.g. "earn.pendingDays", "tiers.silver.thresholdMinor"; a whole tier is "tiers.<key>". */
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

function tierFacts({ name, thresholdMinor, multiplierPercent, entryPoints }: Tier) {
  return { name, thresholdMinor, multiplierPercent, ...(entryPoints ? { entryPoints } : {}) };
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
    // No entry reward and a reward of 0 are the same rule.
    if ((previous.entryPoints ?? 0) !== (tier.entryPoints ?? 0)) {
      changes.push({ path: `tiers.${tier.key}.entryPoints`, from: previous.entryPoints ?? 0, to: tier.entryPoints ?? 0 });
    }
  }
  for (const tier of before) if (!current.has(tier.key)) changes.push({ path: `tiers.${tier.key}`, from: tierFacts(tier), to: null });
  return changes;
}

export function diffProgramRules(before: ProgramRules, after: ProgramRules): RuleChange[] {
  const { tiers: beforeTiers, ...beforeRest } = before;
  const { tiers: afterTiers, ...afterRest } = after;
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
  return [...changes, ...tierChanges(beforeTiers, afterTiers)];
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
