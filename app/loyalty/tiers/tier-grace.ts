// The tier a member holds, with the program's grace period (docs/program.md, "Tiers";
// docs/decisions/050-tier-entry-rewards-and-grace.md): a member whose qualifying total falls below their tier keeps
// it until `tierGraceDays` days after it fell below. Said the other way, which needs no stored state: the tier held
// at a moment is the highest tier the qualifying total reached at any moment of the grace period before it. The
// total only changes where an order enters the window (just after it is paid) or leaves it (a window later), so
// those moments, with the two ends, are all that need counting. Every tier computation — the tier an order earns
// at, the tier surfaces show, the daily tier check — goes through here.
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import { qualifyingTotalOf, type QualifyingOrder } from "./qualifying-total";
import { tierFor } from "./tiers";

const DAY_MS = 86_400_000;

export interface HeldTier {
  tier: Tier;
  /** The qualifying total up to the moment asked about. */
  total: number;
  /** Set while the tier is kept by the grace period: when the member drops from it unless they qualify again. */
  keptUntil: Date | null;
}

/** The grace period in milliseconds; 0 when the program has none. */
export function graceMs(rules: Pick<ProgramRules, "tierGraceDays">): number {
  return (rules.tierGraceDays ?? 0) * DAY_MS;
}

/** How far back a member's orders are read to know the tier held at a moment: the window and the grace before it. */
export function heldTierLookbackMs(rules: Pick<ProgramRules, "tierGraceDays" | "tierWindowDays">): number {
  return rules.tierWindowDays * DAY_MS + graceMs(rules);
}

/**
 * The tier held with the qualifying total counted up to `until` (orders paid before it), from the member's orders
 * paid in [until − window − grace, until).
 */
export function heldTier(orders: readonly QualifyingOrder[], rules: ProgramRules, until: Date): HeldTier {
  const total = qualifyingTotalOf(orders, rules, until);
  const now = tierFor(total, rules.tiers);
  const grace = graceMs(rules);
  if (grace === 0) return { tier: now, total, keptUntil: null };
  const end = until.getTime();
  const start = end - grace;
  const window = rules.tierWindowDays * DAY_MS;
  // The moments (as `until` values) where the total may change inside (start, end]: the first just after `start`,
  // just after an order was paid (it counts from then), and just after it leaves the window.
  const moments = new Set<number>([start + 1, end]);
  for (const order of orders) {
    if (!order.paidAt) continue;
    for (const moment of [order.paidAt.getTime() + 1, order.paidAt.getTime() + window + 1]) if (moment > start && moment < end) moments.add(moment);
  }
  const ordered = [...moments].sort((a, b) => a - b);
  const tiers = ordered.map((moment) => tierFor(qualifyingTotalOf(orders, rules, new Date(moment)), rules.tiers));
  const held = tiers.reduce((best, tier) => (tier.threshold > best.threshold ? tier : best), now);
  if (held.threshold <= now.threshold) return { tier: now, total, keptUntil: null };
  // The last moment the held tier was reached; the total fell below it at the next.
  let last = 0;
  tiers.forEach((tier, index) => {
    if (tier.threshold >= held.threshold) last = index;
  });
  const fellAt = ordered[last + 1] ?? end;
  return { tier: held, total, keptUntil: new Date(fellAt - 1 + grace) };
}
