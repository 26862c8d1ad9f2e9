// The SQL form of bandOf (tier-bands.ts) for statements over many members at once: the bulk re-tiering after a
// program save, and the tier preview's count per band. test/loyalty/tier-bands-sql.test.ts holds it equal to bandOf and
// tierFor at and around every threshold, on both databases.
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import type { Tier } from "~/loyalty/program/program-rules";

/**
 * `CASE WHEN spend >= t(n-1) THEN v(n-1) … WHEN spend >= t(1) THEN v(1) ELSE v(0) END` over `ascending`
 * thresholds: checked from the top, the first reached is the last one reached, as bandOf counts.
 */
export function tierBandSql(spend: Sql.Sql, ascending: readonly number[], valueOf: (band: number) => Sql.Sql): Sql.Sql {
  if (ascending.length <= 1) return valueOf(0);
  const whens = ascending
    .map((threshold, band) => Sql.sql`WHEN ${spend} >= ${threshold} THEN ${valueOf(band)}`)
    .slice(1)
    .reverse();
  return Sql.sql`CASE ${Sql.join(whens, " ")} ELSE ${valueOf(0)} END`;
}

/** The key of the tier `spend` reaches, as tierFor gives it. */
export function tierKeySql(spend: Sql.Sql, tiers: readonly Tier[]): Sql.Sql {
  const ladder = [...tiers].sort((a, b) => a.threshold - b.threshold);
  return tierBandSql(
    spend,
    ladder.map((tier) => tier.threshold),
    (band) => Sql.sql`${ladder[band]?.key ?? ""}`,
  );
}
