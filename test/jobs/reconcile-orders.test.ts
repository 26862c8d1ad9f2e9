// The order reconciliation job against the Admin API stand-in, through the SDK's real admin client, on every
// database: what Tally missed is queued as webhook deliveries that the handlers' own schemas accept, a second run
// queues nothing, and the cursor moves only when a run completes.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIRST_RUN_LOOKBACK_MS, reconcileOrders, SEARCH_LAG_MS } from "~/jobs/reconcile-orders.server";
import { AdminQueryError } from "~/shopify-admin/run-admin-query.server";
import { eligibleSpendMinor, refundedEligibleMinor, refundedTaxMinor } from "~/loyalty/earning/eligible-spend";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { adminOrder } from "../support/admin-orders";
import { adminApi } from "../support/admin-api-standin";
import { SHOP, seedMembers } from "../support/members";
import { offlineAdmin } from "../support/offline-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-05-10T12:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString().replace(/\.000Z$/, "Z");

/** Paid with a partial refund of one of its two lines; cancelled before capture; a gift card only. */
function threeOrders() {
  return [
    adminOrder({
      id: 1001,
      updatedAt: hoursAgo(5),
      createdAt: hoursAgo(30),
      financialStatus: "PARTIALLY_REFUNDED",
      subtotal: "80.00",
      currentSubtotal: "50.00",
      customerId: 1,
      discountCodes: ["WELCOME10"],
      attributes: [{ key: "_tally_referral", value: "FRIEND-2" }],
      lines: [
        { id: 11, unitPrice: "50.00" },
        { id: 12, unitPrice: "15.00", quantity: 2 },
      ],
      refunds: [{ id: 9001, createdAt: hoursAgo(5), lines: [{ id: 91, lineItemId: 12, quantity: 2, subtotal: "30.00" }] }],
    }),
    adminOrder({ id: 1002, updatedAt: hoursAgo(4), financialStatus: "VOIDED", cancelledAt: hoursAgo(4), subtotal: "25.00", customerId: 2, lines: [{ id: 21, unitPrice: "25.00" }] }),
    adminOrder({ id: 1003, updatedAt: hoursAgo(3), subtotal: "100.00", customerId: 3, lines: [{ id: 31, unitPrice: "100.00", giftCard: true }] }),
    // Updated before the first run's window: not read.
    adminOrder({ id: 999, updatedAt: hoursAgo(24 * 4), subtotal: "10.00", customerId: 1, lines: [{ id: 99, unitPrice: "10.00" }] }),
  ];
}

describe.each(testDatabaseKinds())("order reconciliation on %s", (kind) => {
  let t: TestDatabase;
  let admin: AdminApiContext;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 3);
    admin = await offlineAdmin(t.db, SHOP);
  });
  afterAll(() => t.destroy());

  beforeEach(async () => {
    adminApi.store.reset();
    await t.db.prisma.webhookDelivery.deleteMany({});
    await t.db.prisma.loyaltyOrder.deleteMany({});
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { ordersReconciledAt: null } });
  });

  async function queued() {
    const rows = await t.db.prisma.webhookDelivery.findMany({ orderBy: { id: "asc" } });
    return rows.map((row) => ({ id: row.id, topic: row.topic, shop: row.shop, payload: JSON.parse(row.payload ?? "null") as unknown }));
  }

  it("queues the payment, the cancellation and the refund Tally missed, as payloads its handlers accept", async () => {
    adminApi.store.setShop(SHOP, { query: { orders: threeOrders() } });

    const run = await reconcileOrders(t.db, SHOP, admin, NOW);

    expect(run.since).toEqual(new Date(NOW.getTime() - FIRST_RUN_LOOKBACK_MS));
    expect(run.ordersRead).toBe(3);
    expect(run.queued).toEqual({ "orders/paid": 2, "orders/cancelled": 1, "refunds/create": 1 });
    const deliveries = await queued();
    expect(deliveries.map((delivery) => [delivery.id, delivery.topic, delivery.shop])).toEqual([
      ["reconcile:orders/cancelled:1002", "orders/cancelled", SHOP],
      ["reconcile:orders/paid:1001", "orders/paid", SHOP],
      ["reconcile:orders/paid:1003", "orders/paid", SHOP],
      ["reconcile:refunds/create:9001", "refunds/create", SHOP],
    ]);

    const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery.payload]));
    const partlyRefunded = orderPayload.parse(byId.get("reconcile:orders/paid:1001"));
    // As paid: the whole 80.00, the refund of 30.00 comes off through its own delivery.
    expect(eligibleSpendMinor(partlyRefunded)).toBe(8000);
    expect(partlyRefunded).toMatchObject({
      id: "1001",
      currency: "USD",
      financial_status: "partially_refunded",
      test: false,
      discount_codes: [{ code: "WELCOME10" }],
      note_attributes: [{ name: "_tally_referral", value: "FRIEND-2" }],
      customer: { id: "1", email: "shopper1@example.com", state: "enabled" },
      shipping_address: { address1: "1 Main St", zip: "12345", country_code: "US", province_code: "IL" },
    });
    expect(partlyRefunded.line_items.map((line) => [line.id, line.quantity, line.price_set.shop_money.amount, line.gift_card])).toEqual([
      ["11", 1, "50.00", false],
      ["12", 2, "15.00", false],
    ]);
    const refund = refundPayload.parse(byId.get("reconcile:refunds/create:9001"));
    expect(refund).toMatchObject({ id: "9001", order_id: "1001" });
    expect(refundedEligibleMinor(refund)).toBe(3000);

    const cancelled = orderPayload.parse(byId.get("reconcile:orders/cancelled:1002"));
    expect(cancelled.cancelled_at).toBe(hoursAgo(4));
    expect(cancelled.financial_status).toBe("voided");

    const giftCard = orderPayload.parse(byId.get("reconcile:orders/paid:1003"));
    expect(giftCard.line_items).toEqual([expect.objectContaining({ gift_card: true })]);
    expect(eligibleSpendMinor(giftCard)).toBe(0);

    expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP } })).toMatchObject({ ordersReconciledAt: NOW });
  });

  it("takes the tax out of what a missed order and refund of a tax-inclusive shop earn on", async () => {
    // 123.00 including 20.50 of VAT, 1.50 of it on shipping (not in the subtotal); a refund of 61.50 including 10.25.
    const order = adminOrder({
      id: 1101,
      updatedAt: hoursAgo(3),
      financialStatus: "PARTIALLY_REFUNDED",
      subtotal: "123.00",
      taxesIncluded: true,
      tax: "22.00",
      shippingTax: "1.50",
      lines: [{ id: 111, unitPrice: "61.50", quantity: 2 }],
      refunds: [{ id: 9101, createdAt: hoursAgo(3), lines: [{ id: 191, lineItemId: 111, quantity: 1, subtotal: "61.50", tax: "10.25" }] }],
    });
    adminApi.store.setShop(SHOP, { query: { orders: [order] } });

    await reconcileOrders(t.db, SHOP, admin, NOW);

    const byId = new Map((await queued()).map((delivery) => [delivery.id, delivery.payload]));
    const paid = orderPayload.parse(byId.get("reconcile:orders/paid:1101"));
    expect(paid.taxes_included).toBe(true);
    expect(eligibleSpendMinor(paid)).toBe(12300 - 2050);
    const refund = refundPayload.parse(byId.get("reconcile:refunds/create:9101"));
    expect(refundedEligibleMinor(refund) - refundedTaxMinor(refund)).toBe(6150 - 1025);
  });

  it("asks Shopify for orders updated since the cursor, and queues nothing twice", async () => {
    const orders = threeOrders();
    adminApi.store.setShop(SHOP, { query: { orders } });
    await reconcileOrders(t.db, SHOP, admin, NOW);
    // A note is added to the refunded order after the run: it is read again, but nothing about it is new.
    Object.assign(orders[0] as object, { updatedAt: new Date(NOW.getTime() + 1_800_000).toISOString() });
    const later = new Date(NOW.getTime() + 3_600_000);

    const again = await reconcileOrders(t.db, SHOP, admin, later);

    expect(again.since).toEqual(new Date(NOW.getTime() - SEARCH_LAG_MS));
    expect(again.ordersRead).toBe(1);
    expect(again.queued).toEqual({ "orders/paid": 0, "orders/cancelled": 0, "refunds/create": 0 });
    expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP } })).toMatchObject({ ordersReconciledAt: later });
    const searches = adminApi.store.requests.filter((request) => request.operationName === "RecentOrders").map((request) => request.variables.query);
    expect(searches).toEqual([`updated_at:>='${new Date(NOW.getTime() - FIRST_RUN_LOOKBACK_MS).toISOString()}'`, `updated_at:>='${again.since.toISOString()}'`]);

    // The whole window once more, as after a lost cursor: the same deliveries, none twice.
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { ordersReconciledAt: null } });
    const replay = await reconcileOrders(t.db, SHOP, admin, later);
    expect(replay.ordersRead).toBe(3);
    expect(replay.queued).toEqual({ "orders/paid": 0, "orders/cancelled": 0, "refunds/create": 0 });
    expect(await queued()).toHaveLength(4);
    // The refund already queued is not read again.
    expect(adminApi.store.requests.filter((request) => request.operationName === "RefundLineItems")).toHaveLength(1);
  });

  it("leaves out what Tally already recorded from a webhook", async () => {
    adminApi.store.setShop(SHOP, { query: { orders: threeOrders() } });
    await t.db.prisma.loyaltyOrder.create({ data: { shop: SHOP, orderId: "1003", paidAt: new Date(hoursAgo(3)), createdAt: NOW, updatedAt: NOW } });

    const run = await reconcileOrders(t.db, SHOP, admin, NOW);

    expect(run.queued["orders/paid"]).toBe(1);
    expect((await queued()).map((delivery) => delivery.id)).not.toContain("reconcile:orders/paid:1003");
  });

  it("reads every page of orders, and the line items and refunds a page could not hold", async () => {
    const big = adminOrder({
      id: 2000,
      updatedAt: hoursAgo(1),
      financialStatus: "PARTIALLY_REFUNDED",
      subtotal: "130.00",
      lines: Array.from({ length: 13 }, (_, index) => ({ id: 200 + index, unitPrice: "10.00" })),
      refunds: Array.from({ length: 12 }, (_, index) => ({ id: 8000 + index, createdAt: hoursAgo(1), lines: [{ id: 800 + index, lineItemId: 200 + index, quantity: 1, subtotal: "10.00" }] })),
    });
    const many = Array.from({ length: 22 }, (_, index) => adminOrder({ id: 3000 + index, updatedAt: hoursAgo(2 + index), subtotal: "20.00", lines: [{ id: 3000 + index, unitPrice: "20.00" }] }));
    adminApi.store.setShop(SHOP, { query: { orders: [...many, big] } });

    const run = await reconcileOrders(t.db, SHOP, admin, NOW);

    expect(run.ordersRead).toBe(23);
    expect(run.queued).toEqual({ "orders/paid": 23, "orders/cancelled": 0, "refunds/create": 12 });
    const bigRow = await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "reconcile:orders/paid:2000" } });
    const bigPaid = orderPayload.parse(JSON.parse(bigRow.payload ?? "null"));
    expect(bigPaid.line_items).toHaveLength(13);
    expect(adminApi.store.requests.filter((request) => request.operationName === "RecentOrders")).toHaveLength(3);
    expect(adminApi.store.requests.filter((request) => request.operationName === "OrderLineItems")).toHaveLength(1);
    expect(adminApi.store.requests.filter((request) => request.operationName === "OrderRefunds")).toHaveLength(1);
  });

  it("fails with Shopify's message and keeps the cursor when the Admin API refuses", async () => {
    adminApi.store.setShop(SHOP, {
      query: {
        orders: () => {
          throw new Error("Throttled");
        },
      },
    });

    await expect(reconcileOrders(t.db, SHOP, admin, NOW)).rejects.toThrow(AdminQueryError);
    await expect(reconcileOrders(t.db, SHOP, admin, NOW)).rejects.toThrow("RecentOrders: Throttled");
    expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP } })).toMatchObject({ ordersReconciledAt: null });
    expect(await queued()).toEqual([]);
  });
});
