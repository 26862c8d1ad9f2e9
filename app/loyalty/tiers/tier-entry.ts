// A tier's entry reward (docs/program.md, "Tiers"): points, a catalogue reward or both on moving up into a tier whose
// program gives some, once per member and tier — a member who drops out of Gold and climbs back is not paid twice. Only the tier reached
// pays: a member who jumps from Member to Gold gets Gold's reward, not Silver's as well.
import type { Tier } from "~/loyalty/program/program-rules";

/** The ledger key of a member's entry reward for a tier: at most one such transfer, ever. */
export function tierEntryKey(memberId: string, tierKey: string): string {
  return `member:${memberId}:tier-entry:${tierKey}`;
}

/** The tier keyed `toKey` when a move from `fromKey` into it is a move up under today's program; null otherwise. */
function reachedUp(fromKey: string, toKey: string, tiers: readonly Tier[]): Tier | null {
  const to = tiers.find((tier) => tier.key === toKey);
  if (!to) return null;
  // A tier removed since counts as the entry tier (tierByKey): any move into a rewarded tier from it is up.
  const fromThreshold = tiers.find((tier) => tier.key === fromKey)?.threshold ?? 0;
  return to.threshold > fromThreshold ? to : null;
}

/**
 * The points owed for a move from the tier keyed `fromKey` to the one keyed `toKey` under today's program, or 0:
 * a move down or sideways, a tier the program no longer has, or a tier without a reward.
 */
export function tierEntryPoints(fromKey: string, toKey: string, tiers: readonly Tier[]): number {
  const points = reachedUp(fromKey, toKey, tiers)?.entryPoints ?? 0;
  return points > 0 ? points : 0;
}

/** The catalogue reward (its id) owed for the same move, or null: the same rule as the points. */
export function tierEntryRewardId(fromKey: string, toKey: string, tiers: readonly Tier[]): string | null {
  return reachedUp(fromKey, toKey, tiers)?.entryRewardId ?? null;
}
