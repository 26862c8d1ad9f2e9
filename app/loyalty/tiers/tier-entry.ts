// A tier's entry reward (docs/program.md, "Tiers"): points on moving up into a tier whose program gives some, once
// per member and tier — a member who drops out of Gold and climbs back is not paid twice. Only the tier reached
// pays: a member who jumps from Member to Gold gets Gold's reward, not Silver's as well.
import type { Tier } from "~/loyalty/program/program-rules";

/** The ledger key of a member's entry reward for a tier: at most one such transfer, ever. */
export function tierEntryKey(memberId: string, tierKey: string): string {
  return `member:${memberId}:tier-entry:${tierKey}`;
}

/**
 * The points owed for a move from the tier keyed `fromKey` to the one keyed `toKey` under today's program, or 0:
 * a move down or sideways, a tier the program no longer has, or a tier without a reward.
 */
export function tierEntryPoints(fromKey: string, toKey: string, tiers: readonly Tier[]): number {
  const to = tiers.find((tier) => tier.key === toKey);
  const points = to?.entryPoints ?? 0;
  if (!to || points <= 0) return 0;
  // A tier removed since counts as the entry tier (tierByKey): any move into a rewarded tier from it is up.
  const fromThreshold = tiers.find((tier) => tier.key === fromKey)?.threshold ?? 0;
  return to.threshold > fromThreshold ? points : 0;
}
