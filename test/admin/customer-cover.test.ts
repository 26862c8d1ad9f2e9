// The shoppers' order days and the members' customer gains and lapses (docs/decisions/017-customer-cover-rollups.md)
// stay what a shop's orders say through any sequence of order writes: orders paid, cancelled, flagged as tests,
// moved to another member or to none, paid on another day, unpaid and deleted, on the days where a member stays a
// customer or lapses (orders 365, 366 and 367 days apart). After every few writes the tables, and the dashboard's
// retention, lifetime value and repeat purchase figures for periods up to a year and longer, are compared with
// test/support/customer-cover-model.ts, which works them out from the orders by their definitions alone. Orders are
// written through the order writer (writeOrders), which keeps the tables.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, periodQuerySchema, resolvePeriod } from "~/admin/dashboard/dashboard-period";
import { loadDashboard } from "~/admin/dashboard/dashboard-query.server";
import { writeOrders } from "~/loyalty/earning/order-rollups.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { expectedCover, expectedCustomerFigures, expectedShopperDays, type OrderFacts } from "../support/customer-cover-model";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "cover-test.myshopify.com";
const OTHER_SHOP = "cover-other.myshopify.com";
const BASE_DAY = "2025-01-01";
/** Offsets from BASE_DAY that put orders at the edges of a customer's 365 days, and some in between. */
const DAY_OFFSETS = [0, 1, 2, 100, 364, 365, 366, 367, 465, 730, 731, 732, 733, 900, 1000];
const MEMBERS = Array.from({ length: 16 }, (_, i) => `m${i + 1}`);
const CUSTOMERS = ["c1", "c2"];
const EMAILS = ["guest1@example.com", "guest2@example.com"];
const PERIODS: Array<[string, string]> = [
  // from, to (both included): a day, a week, a quarter, exactly 365 days, 366 days and longer ranges.
  ["2026-01-01", "2026-01-01"],
  ["2025-12-30", "2026-01-05"],
  ["2026-01-01", "2026-03-31"],
  ["2025-01-02", "2026-01-01"],
  ["2025-01-03", "2026-01-03"],
  ["2025-01-02", "2026-01-02"],
  ["2025-06-01", "2026-05-31"],
  // Starting on the day a member's cover runs out (366 days after an order on offset 0, 1 or 365).
  ["2026-01-02", "2026-01-02"],
  ["2026-01-02", "2026-06-30"],
  ["2026-01-03", "2026-12-31"],
  ["2027-01-02", "2027-12-31"],
  ["2025-01-01", "2027-06-30"],
  ["2024-12-01", "2027-10-01"],
];

/** A small deterministic random source, so a failure names a sequence that can be replayed. */
function randomSource(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T };
}

describe.each(testDatabaseKinds())("customer cover on %s", (kind) => {
  let t: TestDatabase;
  const param = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Cover", currencyCode: "USD" });
    await upsertShop(t.db.prisma, { domain: OTHER_SHOP, name: "Other", currencyCode: "USD" });
  });
  afterAll(() => t?.destroy());

  async function orders(shop: string): Promise<OrderFacts[]> {
    return t.db.prisma.loyaltyOrder.findMany({
      where: { shop },
      select: { memberId: true, customerId: true, emailKey: true, paidAt: true, cancelledAt: true, test: true, eligibleMinor: true, refundedMinor: true },
    });
  }

  async function storedShopperDays(shop: string) {
    const rows = await t.sql<Record<string, unknown>>(
      `SELECT shopper, day, member, orders, prev_day, next_day FROM shopper_order_days WHERE shop = ${param(1)} ORDER BY shopper, day`,
      [shop],
    );
    return rows.map((row) => ({
      shopper: String(row.shopper),
      day: String(row.day),
      member: Boolean(row.member),
      orders: Number(row.orders),
      prevDay: String(row.prev_day),
      nextDay: String(row.next_day),
    }));
  }

  async function storedCover(shop: string) {
    const gains: Record<string, number> = {};
    const lapses: Record<string, number> = {};
    for (const row of await t.sql<Record<string, unknown>>(`SELECT day, lapsed_since, members FROM customer_gains WHERE shop = ${param(1)} AND members <> 0`, [shop])) {
      gains[`${String(row.day)} ${String(row.lapsed_since)}`] = Number(row.members);
    }
    for (const row of await t.sql<Record<string, unknown>>(`SELECT day, members FROM customer_lapses WHERE shop = ${param(1)} AND members <> 0`, [shop])) {
      lapses[String(row.day)] = Number(row.members);
    }
    return { gains, lapses };
  }

  async function expectInStep(shop: string, step: string) {
    const facts = await orders(shop);
    expect(await storedShopperDays(shop), `shopper_order_days after ${step}`).toEqual(expectedShopperDays(facts));
    expect(await storedCover(shop), `gains and lapses after ${step}`).toEqual(expectedCover(facts));
    for (const [from, to] of PERIODS) {
      const period = resolvePeriod(periodQuerySchema.parse({ period: "custom", from, to }), new Date("2028-01-01T00:00:00Z"));
      const data = await loadDashboard(t.db, shop, period);
      const expected = expectedCustomerFigures(facts, from, to);
      expect(
        {
          retention: { atStart: data.retention.atStart, atEnd: data.retention.atEnd, added: data.retention.added },
          lifetime: { customers: data.lifetimeValue.customers, totalMinor: data.lifetimeValue.totalMinor },
          repeat: {
            members: { shoppers: data.repeat.members.shoppers, repeatShoppers: data.repeat.members.repeatShoppers },
            nonMembers: { shoppers: data.repeat.nonMembers.shoppers, repeatShoppers: data.repeat.nonMembers.repeatShoppers },
          },
        },
        `dashboard for ${from} to ${to} after ${step}`,
      ).toEqual(expected);
    }
  }

  it("keeps the order days, gains and lapses, and the dashboard's customer figures, through any order writes", async () => {
    const random = randomSource(kind === "sqlite" ? 17 : 29);
    const day = () => addDays(BASE_DAY, random.pick(DAY_OFFSETS));
    const at = (text: string) => new Date(`${text}T${random.next() < 0.5 ? "00:00:00.000" : "23:59:59.999"}Z`);
    const buyer = () => {
      const roll = random.next();
      if (roll < 0.7) return { memberId: random.pick(MEMBERS), customerId: null, emailKey: null };
      if (roll < 0.85) return { memberId: null, customerId: random.pick(CUSTOMERS), emailKey: null };
      if (roll < 0.95) return { memberId: null, customerId: null, emailKey: random.pick(EMAILS) };
      return { memberId: null, customerId: null, emailKey: null };
    };
    const ids: string[] = [];
    const where = (orderId: string) => ({ shop_orderId: { shop: SHOP, orderId } });
    const stamp = new Date("2025-01-01T00:00:00Z");
    const change = (orderId: string, update: { where: ReturnType<typeof where>; data: object }) =>
      writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.update(update));

    for (let step = 1; step <= 200; step++) {
      const roll = random.next();
      const orderId = ids.length > 0 ? random.pick(ids) : null;
      let action: string;
      if (!orderId || roll < 0.45) {
        const id = `o${step}`;
        ids.push(id);
        const data = { shop: SHOP, orderId: id, ...buyer(), paidAt: random.next() < 0.9 ? at(day()) : null, eligibleMinor: 1_000 + step, createdAt: stamp, updatedAt: stamp };
        await writeOrders(t.db, SHOP, [id], (tx) => tx.prisma.loyaltyOrder.create({ data }));
        action = `create ${id}`;
      } else if (roll < 0.55) {
        const cancelled = random.next() < 0.7;
        await change(orderId, { where: where(orderId), data: { cancelledAt: cancelled ? at(day()) : null } });
        action = `${cancelled ? "cancel" : "uncancel"} ${orderId}`;
      } else if (roll < 0.62) {
        const test = random.next() < 0.6;
        await change(orderId, { where: where(orderId), data: { test } });
        action = `test=${test} ${orderId}`;
      } else if (roll < 0.72) {
        await change(orderId, { where: where(orderId), data: buyer() });
        action = `move ${orderId}`;
      } else if (roll < 0.84) {
        const unpaid = random.next() < 0.2;
        await change(orderId, { where: where(orderId), data: { paidAt: unpaid ? null : at(day()) } });
        action = `${unpaid ? "unpay" : "repay"} ${orderId}`;
      } else if (roll < 0.92) {
        // A refund: the order's revenue changes, not the day it counts on.
        await change(orderId, { where: where(orderId), data: { refundedMinor: { increment: 100 } } });
        action = `refund ${orderId}`;
      } else {
        await writeOrders(t.db, SHOP, [orderId], (tx) => tx.prisma.loyaltyOrder.delete({ where: where(orderId) }));
        ids.splice(ids.indexOf(orderId), 1);
        action = `delete ${orderId}`;
      }
      if (step % 8 === 0) await expectInStep(SHOP, `step ${step} (${action})`);
    }
    // The other shop's order days and cover are its own.
    await writeOrders(t.db, OTHER_SHOP, ["x1"], (tx) =>
      tx.prisma.loyaltyOrder.create({
        data: { shop: OTHER_SHOP, orderId: "x1", memberId: "m1", paidAt: new Date("2025-06-01T12:00:00Z"), eligibleMinor: 500, createdAt: stamp, updatedAt: stamp },
      }),
    );
    await expectInStep(OTHER_SHOP, "the other shop's order");
    await expectInStep(SHOP, "the other shop's order");
  });

  it("counts a member who lapses and comes back inside a long period as a customer at both ends, not a new one", async () => {
    const stamp = new Date("2025-01-01T00:00:00Z");
    const shop = "cover-lapse.myshopify.com";
    await upsertShop(t.db.prisma, { domain: shop, name: "Lapse", currencyCode: "USD" });
    // Ann buys on 2025-01-10 (a customer from the 11th to 2026-01-10), lapses, and buys again on 2026-03-01.
    for (const [orderId, paid] of [
      ["a1", "2025-01-10T12:00:00Z"],
      ["a2", "2026-03-01T12:00:00Z"],
    ] as const) {
      await writeOrders(t.db, shop, [orderId], (tx) =>
        tx.prisma.loyaltyOrder.create({ data: { shop, orderId, memberId: "ann", paidAt: new Date(paid), eligibleMinor: 1_000, createdAt: stamp, updatedAt: stamp } }),
      );
    }
    const figures = async (from: string, to: string) =>
      (await loadDashboard(t.db, shop, resolvePeriod(periodQuerySchema.parse({ period: "custom", from, to }), new Date("2028-01-01T00:00:00Z")))).retention;
    // Two years from 2025-06-01: a customer at the start and at the end, having lapsed in between.
    expect(await figures("2025-06-01", "2026-12-31")).toMatchObject({ atStart: 1, atEnd: 1, added: 0, rate: 100 });
    // A year from 2025-06-01: gone by the end.
    expect(await figures("2025-06-01", "2026-02-28")).toMatchObject({ atStart: 1, atEnd: 0, added: 0, rate: 0 });
    // From the day of the lapse: new at the end.
    expect(await figures("2026-01-11", "2026-06-30")).toMatchObject({ atStart: 0, atEnd: 1, added: 1, rate: null });
    expect(await storedCover(shop)).toEqual({
      gains: { "2025-01-11 ": 1, "2026-03-02 2026-01-11": 1 },
      lapses: { "2026-01-11": 1, "2027-03-02": 1 },
    });
  });
});
