// The tier preview's arithmetic: which band of spend each draft tier covers, so one grouped query can count the
// members per band, and the counts can be handed back in the order the merchant sees the tiers.
import { bandOf } from "~/loyalty/tiers/tier-bands";

/** Band b covers spend from the b-th smallest threshold up to the next one; every spend below the first is band 0. */
export function bandsOf(thresholds: readonly number[]): { ascending: number[]; bandOfTier: number[] } {
  const ascending = [...new Set(thresholds)].sort((a, b) => a - b);
  return { ascending, bandOfTier: thresholds.map((threshold) => ascending.indexOf(threshold)) };
}

/**
 * Members per draft tier from members per band. Two tiers at one threshold share its band; the page refuses
 * such a draft anyway, so the count goes to the first of them.
 */
export function countsPerTier(thresholds: readonly number[], membersPerBand: ReadonlyMap<number, number>): number[] {
  const { bandOfTier } = bandsOf(thresholds);
  const counted = new Set<number>();
  return bandOfTier.map((band) => {
    if (counted.has(band)) return 0;
    counted.add(band);
    return membersPerBand.get(band) ?? 0;
  });
}

/** The same counts from the spends themselves: what the query must agree with. */
export function countSpendsPerTier(spends: readonly number[], thresholds: readonly number[]): number[] {
  const { ascending } = bandsOf(thresholds);
  const perBand = new Map<number, number>();
  for (const spend of spends) {
    const band = bandOf(spend, ascending);
    perBand.set(band, (perBand.get(band) ?? 0) + 1);
  }
  return countsPerTier(thresholds, perBand);
}
