// Which tier a qualifying total reaches, and how far it is from the next: in whatever the program's tiers follow
// (tierMeasure: spend, points or orders; qualifying-total.ts), which the thresholds are in.
import type { Tier } from "~/loyalty/program/program-rules";
import { bandOf } from "./tier-bands";

function byThreshold(tiers: readonly Tier[]): Tier[] {
  return [...tiers].sort((a, b) => a.threshold - b.threshold);
}

/** The tier a member holds with this qualifying total: the highest threshold reached. */
export function tierFor(total: number, tiers: readonly Tier[]): Tier {
  const sorted = byThreshold(tiers);
  const held = sorted[bandOf(total, sorted.map((tier) => tier.threshold))];
  if (!held) throw new Error("a program has at least one tier");
  return held;
}

export interface TierProgress {
  tier: Tier;
  next: Tier | null;
  /** What the next tier still needs, in the tiers' measure; 0 at the top tier. */
  remainingAmount: number;
  /** 0–100, how far from this tier's threshold to the next one. */
  percent: number;
}

/** How far `total` is from the next tier; `held`, a tier the grace period keeps above what the total reaches. */
export function tierProgress(total: number, tiers: readonly Tier[], held?: Tier): TierProgress {
  const tier = held ?? tierFor(total, tiers);
  const next = byThreshold(tiers).find((candidate) => candidate.threshold > tier.threshold) ?? null;
  if (!next) return { tier, next: null, remainingAmount: 0, percent: 100 };
  const span = next.threshold - tier.threshold;
  const done = Math.max(0, Math.min(total, next.threshold) - tier.threshold);
  return { tier, next, remainingAmount: Math.max(0, next.threshold - total), percent: Math.floor((done * 100) / span) };
}

/** A tier by key, falling back to the entry tier when the key no longer exists (a tier the merchant removed). */
export function tierByKey(key: string, tiers: readonly Tier[]): Tier {
  return tiers.find((tier) => tier.key === key) ?? tierFor(0, tiers);
}
