import type { Tier } from "~/loyalty/program/program-rules";
import { bandOf } from "./tier-bands";

function byThreshold(tiers: readonly Tier[]): Tier[] {
  return [...tiers].sort((a, b) => a.thresholdMinor - b.thresholdMinor);
}

/** The tier a member holds with this much qualifying spend: the highest threshold reached. */
export function tierForSpend(spendMinor: number, tiers: readonly Tier[]): Tier {
  const sorted = byThreshold(tiers);
  const held = sorted[bandOf(spendMinor, sorted.map((tier) => tier.thresholdMinor))];
  if (!held) throw new Error("a program has at least one tier");
  return held;
}

export interface TierProgress {
  tier: Tier;
  next: Tier | null;
  /** Spend still needed for the next tier, in minor units; 0 at the top tier. */
  remainingMinor: number;
  /** 0–100, how far from this tier's threshold to the next one. */
  percent: number;
}

export function tierProgress(spendMinor: number, tiers: readonly Tier[]): TierProgress {
  const tier = tierForSpend(spendMinor, tiers);
  const next = byThreshold(tiers).find((candidate) => candidate.thresholdMinor > tier.thresholdMinor) ?? null;
  if (!next) return { tier, next: null, remainingMinor: 0, percent: 100 };
  const span = next.thresholdMinor - tier.thresholdMinor;
  const done = Math.min(spendMinor, next.thresholdMinor) - tier.thresholdMinor;
  return { tier, next, remainingMinor: next.thresholdMinor - Math.max(spendMinor, tier.thresholdMinor), percent: Math.floor((done * 100) / span) };
}

/** A tier by key, falling back to the entry tier when the key no longer exists (a tier the merchant removed). */
export function tierByKey(key: string, tiers: readonly Tier[]): Tier {
  return tiers.find((tier) => tier.key === key) ?? tierForSpend(0, tiers);
}
