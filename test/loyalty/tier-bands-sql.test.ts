// Tier bands are defined once (app/loyalty/tiers/tier-bands.ts); the bulk re-tiering and the tier preview use its
// SQL form (tier-bands-sql.server.ts). Members whose stored spend sits at, just below and just above every
// threshold of several ladders (unsorted, shared thresholds, an entry tier above zero, a single tier) must land in
// the tier tierFor gives them, and be counted in the band countSpendsPerTier counts them in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewTierCounts } from "~/admin/program/tier-preview.server";
import { countSpendsPerTier } from "~/admin/program/tier-preview";
import { defaultProgramRules, type Tier } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { retierMembers } from "~/loyalty/tiers/member-retiering.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const tier = (key: string, threshold: number): Tier => ({ key, name: key, threshold, multiplierPercent: 100 });
const LADDERS: Tier[][] = [
  [tier("bronze", 0), tier("silver", 50_000), tier("gold", 150_000)],
  [tier("gold", 150_000), tier("bronze", 0), tier("silver", 50_000)],
  [tier("a", 0), tier("b", 10_000), tier("c", 10_000), tier("d", 20_000)],
  [tier("entry", 5_000), tier("top", 9_000)],
  [tier("only", 0)],
];

function spendsAround(tiers: readonly Tier[]): number[] {
  const spends = new Set([0, 1, 1_000_000_000]);
  for (const { threshold } of tiers) for (const spend of [threshold - 1, threshold, threshold + 1]) if (spend >= 0) spends.add(spend);
  return [...spends].sort((a, b) => a - b);
}

describe.each(testDatabaseKinds())("tier bands in SQL and TypeScript on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.destroy());

  it.each(LADDERS.map((ladder, index) => [index, ladder] as const))("ladder %i: the bulk re-tiering and the preview agree with tierFor", async (index, ladder) => {
    const shop = `bands-${index}.myshopify.com`;
    await upsertShop(t.db.prisma, { domain: shop, name: "Bands", currencyCode: "USD" });
    const spends = spendsAround(ladder);
    const stamp = new Date("2026-01-01T00:00:00Z");
    await t.db.prisma.member.createMany({
      data: spends.map((spend, n) => ({ id: `${shop}:m${n}`, shop, customerId: String(n), tier: "unknown", tierSpend: spend, createdAt: stamp, updatedAt: stamp })),
    });

    const moved = await t.db.prisma.$transaction((tx) => retierMembers(tx, shop, { ...defaultProgramRules(), tiers: ladder }, stamp));
    expect(moved).toBe(spends.length);
    const members = await t.db.prisma.member.findMany({ where: { shop }, select: { tierSpend: true, tier: true }, orderBy: { tierSpend: "asc" } });
    expect(members.map((member) => [member.tierSpend, member.tier])).toEqual(spends.map((spend) => [spend, tierFor(spend, ladder).key]));
    // A second pass finds every member where their spend puts them.
    expect(await t.db.prisma.$transaction((tx) => retierMembers(tx, shop, { ...defaultProgramRules(), tiers: ladder }, stamp))).toBe(0);

    const thresholds = ladder.map((candidate) => candidate.threshold);
    expect((await previewTierCounts(t.db.prisma, shop, thresholds)).counts).toEqual(countSpendsPerTier(spends, thresholds));
  });
});
