// A counted order is defined once (app/loyalty/earning/counted-order.ts): the order writer keeps the rollups from
// its TypeScript form, one order write at a time (writeOrders), and bulk loads rebuild them from its SQL form
// (rebuildOrderRollups). After random order writes (payments on days a year apart, cancellations, test flags,
// refunds, buyers moved, payment days moved, deletions) on orders some of which are referred, the rollups the
// writer kept and the ones rebuilt from the orders must be the same rows, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOrders } from "~/loyalty/earning/order-rollups.server";
import { rebuildOrderRollups } from "~/loyalty/earning/order-rollups-rebuild.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "rollups-rule.myshopify.com";
const DAYS = ["2025-01-01", "2025-01-02", "2025-06-30", "2026-01-01", "2026-01-02", "2026-01-03", "2027-01-05"];

function randomSource(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T };
}

const TABLES = {
  order_daily: "SELECT day, orders, revenue_minor, member_orders, member_revenue_minor FROM order_daily WHERE shop = {shop} AND orders <> 0 ORDER BY day",
  referral_daily: "SELECT day, status, reason, referrals, revenue_minor FROM referral_daily WHERE shop = {shop} AND referrals <> 0 ORDER BY day, status, reason",
  shopper_order_days: "SELECT shopper, day, member, orders, prev_day, next_day FROM shopper_order_days WHERE shop = {shop} ORDER BY shopper, day",
  customer_gains: "SELECT day, lapsed_since, members FROM customer_gains WHERE shop = {shop} AND members <> 0 ORDER BY day, lapsed_since",
  customer_lapses: "SELECT day, members FROM customer_lapses WHERE shop = {shop} AND members <> 0 ORDER BY day",
};

describe.each(testDatabaseKinds())("order rollups kept by the writer and rebuilt in bulk on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Rule", currencyCode: "USD" });
  });
  afterAll(() => t?.destroy());

  const rollups = () => rollupsOf(SHOP);

  async function rollupsOf(shop: string) {
    const tables: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(TABLES)) {
      const rows = await t.sql(sql.replace("{shop}", kind === "sqlite" ? "?" : "$1"), [shop]);
      // Numbers and flags as numbers: SQLite's 0/1 and PostgreSQL's booleans and bigints read alike.
      tables[table] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "string" ? value : Number(value)])));
    }
    return tables;
  }

  it("holds the counted-order rule the same in TypeScript and in SQL", async () => {
    const random = randomSource(kind === "sqlite" ? 3 : 5);
    const stamp = new Date("2025-01-01T00:00:00Z");
    const at = () => new Date(`${random.pick(DAYS)}T${random.next() < 0.5 ? "00:00:00.000" : "23:59:59.999"}Z`);
    const buyer = () => {
      const roll = random.next();
      if (roll < 0.6) return { memberId: random.pick(["m1", "m2", "m3", "m4"]), customerId: null, emailKey: null };
      if (roll < 0.8) return { memberId: null, customerId: random.pick(["c1", "c2"]), emailKey: null };
      if (roll < 0.95) return { memberId: null, customerId: null, emailKey: "guest@example.com" };
      return { memberId: null, customerId: null, emailKey: null };
    };
    // Referrals first for some orders: an order paid later brings its referral into the sums.
    for (let n = 1; n <= 120; n += 3) {
      const status = random.pick(["pending", "rewarded", "rejected"]);
      await t.sql(
        `INSERT INTO referrals (id, shop, advocate_member_id, order_id, code, status, reason, created_at, updated_at) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => (kind === "sqlite" ? "?" : `$${i}`)).join(", ")})`,
        [`r${n}`, SHOP, "m1", `o${n}`, "CODE", status, status === "rejected" ? "same_email" : null, kind === "sqlite" ? "2025-01-01T00:00:00.000+00:00" : "2025-01-01T00:00:00.000Z", kind === "sqlite" ? "2025-01-01T00:00:00.000+00:00" : "2025-01-01T00:00:00.000Z"],
      );
    }
    const ids: string[] = [];
    for (let step = 1; step <= 120; step++) {
      const roll = random.next();
      const orderId = ids.length > 0 && roll >= 0.45 ? random.pick(ids) : `o${step}`;
      const where = { shop_orderId: { shop: SHOP, orderId } };
      if (orderId === `o${step}`) {
        ids.push(orderId);
        const data = { shop: SHOP, orderId, ...buyer(), paidAt: random.next() < 0.85 ? at() : null, test: random.next() < 0.1, eligibleMinor: 1_000 + step, createdAt: stamp, updatedAt: stamp };
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.create({ data }));
      } else if (roll < 0.55) {
        const data = { cancelledAt: random.next() < 0.7 ? at() : null };
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where, data }));
      } else if (roll < 0.62) {
        const data = { test: random.next() < 0.5 };
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where, data }));
      } else if (roll < 0.72) {
        const data = buyer();
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where, data }));
      } else if (roll < 0.82) {
        const data = { paidAt: random.next() < 0.2 ? null : at() };
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where, data }));
      } else if (roll < 0.94) {
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where, data: { refundedMinor: { increment: 700 } } }));
      } else {
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.delete({ where }));
        ids.splice(ids.indexOf(orderId), 1);
      }
    }
    const kept = await rollups();
    // Every table has rows: the comparison is not between empty tables.
    for (const [table, rows] of Object.entries(kept)) expect(rows.length, table).toBeGreaterThan(0);
    await rebuildOrderRollups(t.db, SHOP);
    expect(await rollups()).toEqual(kept);
  });

  // Writes of one shop's orders that run at once, each its own unit of work (on PostgreSQL, on connections of
  // their own): orders of the same shoppers on days that link to each other, then changes to the same orders. The
  // writer's lock (the shop's settlement lock, docs/decisions/056-the-shops-lock-keeps-order-rollups-apart.md)
  // keeps each from reading what another is changing; without it shopper days link past each other.
  it("keeps them exact when writes of one shopper's orders, and of one order, run at once", async () => {
    const shop = "rollups-at-once.myshopify.com";
    await upsertShop(t.db.prisma, { domain: shop, name: "At once", currencyCode: "USD" });
    const stamp = new Date("2025-01-01T00:00:00Z");
    const shoppers = ["m1", "m2"];
    const orderIds = Array.from({ length: 24 }, (_, n) => `a${n}`);
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12));
    await Promise.all(
      orderIds.map((orderId, n) =>
        writeOrders(t.db, shop, [orderId], (tx) =>
          tx.prisma.loyaltyOrder.create({ data: { shop, orderId, memberId: shoppers[n % 2], paidAt: day(n), eligibleMinor: 1_000 + n, createdAt: stamp, updatedAt: stamp } }),
        ),
      ),
    );
    const where = (orderId: string) => ({ shop_orderId: { shop, orderId } });
    await Promise.all([
      ...orderIds.map((orderId, n) => writeOrders(t.db, shop, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where: where(orderId), data: { paidAt: day(40 - n) } }))),
      ...orderIds.filter((_, n) => n % 3 === 0).map((orderId) => writeOrders(t.db, shop, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where: where(orderId), data: { cancelledAt: day(50) } }))),
      ...orderIds.filter((_, n) => n % 4 === 1).map((orderId) => writeOrders(t.db, shop, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where: where(orderId), data: { refundedMinor: { increment: 300 } } }))),
    ]);
    const kept = await rollupsOf(shop);
    expect(kept.shopper_order_days).toHaveLength(orderIds.length - orderIds.filter((_, n) => n % 3 === 0).length);
    await rebuildOrderRollups(t.db, shop);
    expect(await rollupsOf(shop)).toEqual(kept);
  });
});
