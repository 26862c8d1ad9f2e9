// A member's qualifying total is defined once (app/loyalty/tiers/qualifying-total.ts); the bulk recount after a
// program save and the daily tier check use its SQL form (qualifying-total-sql.server.ts). Over generated orders
// (refunds up to more than the spend, cancellations, test orders, unpaid and unsettled orders, points earned up to
// the 32-bit column's range, payments on and around both edges of the window) the total counted one way and the
// other must be the same, for every measure (spend, points, orders) and for windows and test-order rules that differ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { defaultProgramRules, TIER_MEASURES, type ProgramRules, type TierMeasure } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { qualifyingTotal } from "~/loyalty/tiers/member-tiers.server";
import { qualifyingTotalSql } from "~/loyalty/tiers/qualifying-total-sql.server";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "spend-sql.myshopify.com";
const DAY_MS = 86_400_000;
const UNTIL = new Date("2026-06-01T12:00:00.001Z");
const MEMBERS = 12;

function randomSource(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T };
}

const rulesWith = (tierWindowDays: number, includeTestOrders: boolean, tierMeasure: TierMeasure = "spend"): ProgramRules => {
  const rules = defaultProgramRules();
  return { ...rules, tierWindowDays, tierMeasure, earn: { ...rules.earn, includeTestOrders } };
};
const WINDOWS = [rulesWith(365, false), rulesWith(365, true), rulesWith(30, false), rulesWith(1, true)];
const RULES = TIER_MEASURES.flatMap((measure) => WINDOWS.map((rules) => ({ ...rules, tierMeasure: measure })));

describe.each(testDatabaseKinds())("qualifying totals in SQL and TypeScript on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Spend", currencyCode: "USD" });
    const random = randomSource(kind === "sqlite" ? 7 : 11);
    const stamp = new Date("2026-01-01T00:00:00Z");
    // Payment moments at and around where each rule's window starts and ends, and well inside and outside.
    const edges = WINDOWS.flatMap((rules) => [UNTIL.getTime() - rules.tierWindowDays * DAY_MS, UNTIL.getTime()]);
    const moments = [...edges.flatMap((edge) => [edge - 1, edge, edge + 1]), UNTIL.getTime() - 10 * DAY_MS, UNTIL.getTime() - 400 * DAY_MS];
    await t.db.prisma.member.createMany({
      data: Array.from({ length: MEMBERS }, (_, n) => ({ id: `m${n}`, shop: SHOP, customerId: String(n), tier: "bronze", createdAt: stamp, updatedAt: stamp })),
    });
    const orders = Array.from({ length: 240 }, (_, n) => {
      const eligibleMinor = Math.floor(random.next() * 20_000);
      const roll = random.next();
      return {
        shop: SHOP,
        orderId: `o${n}`,
        memberId: `m${n % MEMBERS}`,
        paidAt: random.next() < 0.1 ? null : new Date(random.pick(moments)),
        cancelledAt: random.next() < 0.15 ? stamp : null,
        test: random.next() < 0.2,
        eligibleMinor,
        // Most orders unrefunded; some in part, in full, or by more than the spend.
        refundedMinor: roll < 0.6 ? 0 : roll < 0.8 ? Math.floor(eligibleMinor / 3) : roll < 0.9 ? eligibleMinor : eligibleMinor + 500,
        // Unsettled (null), none, ordinary, and near the column's top, where earned × refunded overflows 32 bits.
        earnedPoints: random.pick([null, 0, Math.floor(eligibleMinor / 100), 7 * Math.floor(eligibleMinor / 100) + 3, 2_000_000_000]),
        createdAt: stamp,
        updatedAt: stamp,
      };
    });
    await t.db.prisma.loyaltyOrder.createMany({ data: orders });
  });
  afterAll(() => t?.destroy());

  it.each(RULES.map((rules) => [rules.tierMeasure, rules.tierWindowDays, rules.earn.includeTestOrders, rules] as const))(
    "%s, window %i days, test orders counted: %s",
    async (_measure, _days, _tests, rules) => {
      const fromSql = await t.db.prisma.$queryRaw<Array<{ id: string; spend: unknown }>>`
        SELECT members.id AS id, ${qualifyingTotalSql(SHOP, Sql.sql`members.id`, rules, UNTIL)} AS spend FROM members WHERE members.shop = ${SHOP} ORDER BY members.id`;
      const fromTypeScript = await Promise.all(fromSql.map(async (row) => [row.id, await qualifyingTotal(t.db, SHOP, row.id, rules, UNTIL)]));
      expect(fromSql.map((row) => [row.id, Number(row.spend)])).toEqual(fromTypeScript);
      expect(fromSql.length).toBe(MEMBERS);
      // Some members have a total: the comparison is not between zeros.
      expect(fromSql.filter((row) => Number(row.spend) > 0).length).toBeGreaterThan(MEMBERS / 2);
    },
  );
});
