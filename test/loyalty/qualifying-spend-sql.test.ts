// Qualifying spend is defined once (app/loyalty/tiers/qualifying-spend.ts); the bulk recount after a program save
// uses its SQL form (qualifying-spend-sql.server.ts). Over generated orders (refunds up to more than the spend,
// cancellations, test orders, unpaid orders, payments on and around both edges of the window) the member's spend
// counted one way and the other must be the same, for windows and test-order rules that differ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { defaultProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { qualifyingSpend } from "~/loyalty/tiers/member-tiers.server";
import { qualifyingSpendSql } from "~/loyalty/tiers/qualifying-spend-sql.server";
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

const rulesWith = (tierWindowDays: number, includeTestOrders: boolean): ProgramRules => {
  const rules = defaultProgramRules();
  return { ...rules, tierWindowDays, earn: { ...rules.earn, includeTestOrders } };
};
const RULES = [rulesWith(365, false), rulesWith(365, true), rulesWith(30, false), rulesWith(1, true)];

describe.each(testDatabaseKinds())("qualifying spend in SQL and TypeScript on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Spend", currencyCode: "USD" });
    const random = randomSource(kind === "sqlite" ? 7 : 11);
    const stamp = new Date("2026-01-01T00:00:00Z");
    // Payment moments at and around where each rule's window starts and ends, and well inside and outside.
    const edges = RULES.flatMap((rules) => [UNTIL.getTime() - rules.tierWindowDays * DAY_MS, UNTIL.getTime()]);
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
        createdAt: stamp,
        updatedAt: stamp,
      };
    });
    await t.db.prisma.loyaltyOrder.createMany({ data: orders });
  });
  afterAll(() => t?.destroy());

  it.each(RULES.map((rules) => [rules.tierWindowDays, rules.earn.includeTestOrders, rules] as const))(
    "window %i days, test orders counted: %s",
    async (_days, _tests, rules) => {
      const fromSql = await t.db.prisma.$queryRaw<Array<{ id: string; spend: unknown }>>`
        SELECT members.id AS id, ${qualifyingSpendSql(SHOP, Sql.sql`members.id`, rules, UNTIL)} AS spend FROM members WHERE members.shop = ${SHOP} ORDER BY members.id`;
      const fromTypeScript = await Promise.all(fromSql.map(async (row) => [row.id, await qualifyingSpend(t.db, SHOP, row.id, rules, UNTIL)]));
      expect(fromSql.map((row) => [row.id, Number(row.spend)])).toEqual(fromTypeScript);
      expect(fromSql.length).toBe(MEMBERS);
      // Some members have spend: the comparison is not between zeros.
      expect(fromSql.filter((row) => Number(row.spend) > 0).length).toBeGreaterThan(MEMBERS / 2);
    },
  );
});
