// How many members would hold each tier with draft thresholds: one grouped query over members.tier_spend (the
// qualifying spend as of each member's last tier evaluation), however many members the shop has.
import { z } from "zod";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { MAX_TIERS } from "~/loyalty/program/program-rules";
import { tierBandSql } from "~/loyalty/tiers/tier-bands-sql.server";
import { bandsOf, countsPerTier } from "./tier-preview";

/** `?thresholds=0,50000,150000`: the draft tiers' thresholds in minor units, in the order the page lists them. */
export const tierPreviewQuerySchema = z.object({
  thresholds: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10})*$/, { error: "thresholds is a comma-separated list of whole amounts in minor units" })
    .transform((text) => text.split(",").map(Number))
    .pipe(z.array(z.number().int().min(0).max(1_000_000_000)).min(1).max(MAX_TIERS)),
});

export interface TierPreview {
  /** Members per tier, in the order of the thresholds asked for. */
  counts: number[];
  total: number;
}

const bandRowSchema = z.object({ band: z.coerce.number().int(), members: z.coerce.number().int() });

export async function previewTierCounts(prisma: ReadOnlyPrisma, shop: string, thresholds: readonly number[]): Promise<TierPreview> {
  const { ascending } = bandsOf(thresholds);
  const band = tierBandSql(Sql.sql`tier_spend`, ascending, (index) => Sql.raw(String(index)));
  const rows = await prisma.$queryRaw<unknown[]>`SELECT ${band} AS band, COUNT(*) AS members FROM members WHERE shop = ${shop} GROUP BY 1`;
  const perBand = new Map(rows.map((raw) => bandRowSchema.parse(raw)).map((row) => [row.band, row.members]));
  const counts = countsPerTier(thresholds, perBand);
  return { counts, total: [...perBand.values()].reduce((sum, n) => sum + n, 0) };
}
