// An install from before the customer cover rollups: its orders were written without shopper_order_days,
// customer_gains or customer_lapses. The migration that adds them must fill them from those orders (links between
// a shopper's days, gains and lapses at 365 and 366 days apart), so the dashboard is right the moment the upgrade
// is done; from then on the order writer keeps them.
import { afterEach, describe, expect, it } from "vitest";
import { writeOrders } from "~/loyalty/earning/order-rollups.server";
import { expectedCover, expectedShopperDays, type OrderFacts } from "../support/customer-cover-model";
import { testDatabaseKinds } from "../support/test-database";
import { upgradedInstall, type Install } from "../support/upgraded-install";

const MIGRATION = "20261128091854_customer_cover_rollups";
const SHOP = "cover-upgrade.myshopify.com";

const ORDERS: Array<[string, { member?: string; customer?: string; email?: string }, string | null, string | null, boolean]> = [
  // order id, buyer, paid_at (UTC), cancelled_at, test
  ["o1", { member: "m1" }, "2025-01-01T00:00:00.000", null, false],
  ["o2", { member: "m1" }, "2026-01-01T23:59:59.999", null, false], // 365 days after o1: still a customer
  ["o3", { member: "m1" }, "2027-01-02T10:00:00.000", null, false], // 366 days after o2: lapsed the day before
  ["o4", { member: "m1" }, "2027-01-02T11:00:00.000", null, false], // a second order that day
  ["o5", { member: "m2" }, "2025-03-01T10:00:00.000", null, false],
  ["o6", { member: "m2" }, "2025-04-01T10:00:00.000", "2025-04-02T00:00:00.000", false], // cancelled
  ["o7", { member: "m2" }, "2025-05-01T10:00:00.000", null, true], // a test order
  ["o8", { member: "m2" }, null, null, false], // unpaid
  ["o9", { customer: "c1" }, "2025-03-01T10:00:00.000", null, false],
  ["o10", { customer: "c1" }, "2025-03-09T10:00:00.000", null, false],
  ["o11", { email: "guest@example.com" }, "2025-03-01T10:00:00.000", null, false],
  ["o12", {}, "2025-03-01T10:00:00.000", null, false], // nobody's: not counted
];

function facts(): OrderFacts[] {
  return ORDERS.map(([, buyer, paid, cancelled, test]) => ({
    memberId: buyer.member ?? null,
    customerId: buyer.customer ?? null,
    emailKey: buyer.email ?? null,
    paidAt: paid ? new Date(`${paid}Z`) : null,
    cancelledAt: cancelled ? new Date(`${cancelled}Z`) : null,
    test,
    eligibleMinor: 1_000,
    refundedMinor: 0,
  }));
}

describe.each(testDatabaseKinds())("upgrading to the customer cover rollups on %s", (kind) => {
  let install: Install | undefined;
  afterEach(() => install?.destroy());

  it("fills the shoppers' order days, gains and lapses from the orders already there, then keeps them", async () => {
    const upgraded = await upgradedInstall(kind, MIGRATION, async ({ sql, stamp, bool }) => {
      const text = (value: string | undefined | null) => (value ? `'${value}'` : "NULL");
      const at = (value: string | null) => (value ? `'${stamp(value)}'` : "NULL");
      await sql(
        `INSERT INTO orders (shop, order_id, member_id, customer_id, email_key, paid_at, eligible_minor, refunded_minor, cancelled_at, test, created_at, updated_at) VALUES ${ORDERS.map(
          ([id, buyer, paid, cancelled, test]) =>
            `('${SHOP}', '${id}', ${text(buyer.member)}, ${text(buyer.customer)}, ${text(buyer.email)}, ${at(paid)}, 1000, 0, ${at(cancelled)}, ${bool(test)}, '${stamp("2025-01-01T00:00:00.000")}', '${stamp("2025-01-01T00:00:00.000")}')`,
        ).join(", ")}`,
      );
    });
    install = upgraded;
    const shopperDays = async () =>
      (await upgraded.sql(`SELECT shopper, day, member, orders, prev_day, next_day FROM shopper_order_days ORDER BY shopper, day`)).map((row) => ({
        shopper: String(row.shopper),
        day: String(row.day),
        member: Boolean(row.member),
        orders: Number(row.orders),
        prevDay: String(row.prev_day),
        nextDay: String(row.next_day),
      }));
    const cover = async () => ({
      gains: Object.fromEntries(
        (await upgraded.sql(`SELECT day, lapsed_since, members FROM customer_gains WHERE members <> 0`)).map((row) => [`${String(row.day)} ${String(row.lapsed_since)}`, Number(row.members)]),
      ),
      lapses: Object.fromEntries((await upgraded.sql(`SELECT day, members FROM customer_lapses WHERE members <> 0`)).map((row) => [String(row.day), Number(row.members)])),
    });

    expect(await shopperDays()).toEqual(expectedShopperDays(facts()));
    // m1: a customer from 2025-01-02, kept on by o2 until 2027-01-01, lapsed on 2027-01-02, back from 2027-01-03.
    // m2: o5 alone counts.
    expect(await cover()).toEqual({
      gains: { "2025-01-02 ": 1, "2027-01-03 2027-01-02": 1, "2025-03-02 ": 1 },
      lapses: { "2027-01-02": 1, "2028-01-03": 1, "2026-03-02": 1 },
    });
    expect(await cover()).toEqual(expectedCover(facts()));

    // After the upgrade the order writer takes over: o2 is cancelled, so m1 lapses on 2026-01-02 instead.
    await writeOrders(upgraded.db, SHOP, ["o2"], (tx) =>
      tx.prisma.loyaltyOrder.update({ where: { shop_orderId: { shop: SHOP, orderId: "o2" } }, data: { cancelledAt: new Date("2026-02-01T00:00:00Z") } }),
    );
    const after = facts().map((order, i) => (ORDERS[i]?.[0] === "o2" ? { ...order, cancelledAt: new Date("2026-02-01T00:00:00Z") } : order));
    expect(await shopperDays()).toEqual(expectedShopperDays(after));
    expect(await cover()).toEqual(expectedCover(after));
    expect((await cover()).lapses["2026-01-02"]).toBe(1);
  });
});
