// Tier bands: which of a ladder's thresholds a spend reaches. The one definition behind tierFor, the admin's
// tier preview and, as SQL beside it (tier-bands-sql.server.ts), the bulk re-tiering and the preview's count.

/**
 * The band `spend` falls in, as an index into `ascending` thresholds: the last threshold it reaches (of equal
 * thresholds, the last one), and band 0 for any spend below them all.
 */
export function bandOf(spend: number, ascending: readonly number[]): number {
  let band = 0;
  ascending.forEach((threshold, index) => {
    if (spend >= threshold) band = index;
  });
  return band;
}
