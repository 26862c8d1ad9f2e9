// Every order and customer topic, driven through the real routes with Shopify's signature, on each database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "order-events.myshopify.com";
const cust = (id: number) => ({ id, state: "enabled" as const });

describe.each(testDatabaseKinds())("order and customer webhooks on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.useProgram(SHOP, () => undefined);
  });
  afterAll(() => t.destroy());

  it("answers 401 to a bad signature and 400 to a malformed payload, and stores nothing", async () => {
    const forged = await h.send(SHOP, "orders/paid", orderPayload({ id: 1, customer: cust(1), subtotal: "10.00" }), { hmac: "Zm9yZ2Vk" });
    expect(forged.status).toBe(401);
    const malformed = await h.send(SHOP, "orders/paid", { id: 1, currency: "USD" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatch(/current_subtotal_price_set/);
    expect(await t.db.prisma.webhookDelivery.count()).toBe(0);
  });

  it("refuses what is not a delivery of the route's topic: another topic, missing headers, not JSON, not POST", async () => {
    const order = orderPayload({ id: 2, customer: cust(2), subtotal: "10.00" });
    const otherTopic = await h.app(signedWebhook("/webhooks/orders/paid", "refunds/create", order, { shop: SHOP, secret: TEST_API_SECRET }));
    expect(otherTopic.status).toBe(400);
    expect((await otherTopic.json()).error).toMatch(/takes orders\/paid webhooks; X-Shopify-Topic says REFUNDS_CREATE/);

    const unsigned = signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP, secret: TEST_API_SECRET });
    unsigned.headers.delete("X-Shopify-Webhook-Id");
    const missing = await h.app(unsigned);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/X-Shopify-Webhook-Id/i);

    const notJson = await h.app(signedWebhook("/webhooks/orders/paid", "orders/paid", "{not json", { shop: SHOP, secret: TEST_API_SECRET }));
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toBe("The webhook body is not valid JSON.");

    const get = await h.app(new Request("http://localhost/webhooks/orders/paid"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await t.db.prisma.webhookDelivery.count()).toBe(0);
  });

  it("stores the delivery before answering and does the work afterwards, from the queue", async () => {
    const response = await h.send(SHOP, "orders/paid", orderPayload({ id: 100, customer: cust(100), subtotal: "123.45" }));
    expect(response.status).toBe(200);
    expect(await t.db.prisma.webhookDelivery.findMany({ where: { shop: SHOP }, select: { status: true, topic: true } })).toEqual([{ status: "queued", topic: "orders/paid" }]);
    expect(await h.balances(SHOP, 100)).toBeNull();
    // What a restarted app (or `npm run jobs`) does with what it finds queued:
    expect(await h.work()).toEqual({ processed: 1, failed: 0 });
    expect(await h.balances(SHOP, 100)).toMatchObject({ posted: 123, available: 123, lifetimeEarned: 123 });
  });

  it("ignores a redelivery, under the same webhook id or a new one", async () => {
    const payload = orderPayload({ id: 101, customer: cust(101), subtotal: "50.00" });
    await h.send(SHOP, "orders/paid", payload, { webhookId: "delivery-101" });
    await h.send(SHOP, "orders/paid", payload, { webhookId: "delivery-101" });
    await h.work();
    for (let retry = 0; retry < 4; retry++) await h.send(SHOP, "orders/paid", payload);
    await h.work();
    expect(await t.db.prisma.webhookDelivery.count({ where: { id: "delivery-101" } })).toBe(1);
    expect(await h.balances(SHOP, 101)).toMatchObject({ posted: 50 });
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP, orderId: "101" } })).toBe(1);
  });

  it("earns nothing for a guest checkout, a zero subtotal, a 100% discount or a gift-card-only order", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 102, customer: null, subtotal: "80.00" }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 103, customer: cust(103), subtotal: "0.00" }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 104, customer: cust(104), subtotal: "0.00", lines: [{ price: "40.00", discount: "40.00" }], discountCodes: ["FREE100"] }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 105, customer: cust(105), subtotal: "50.00", lines: [{ price: "50.00", gift_card: true }] }));
    await h.work();
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP, orderId: { in: ["102", "103", "104", "105"] } } })).toBe(0);
    expect(await h.balances(SHOP, 105)).toMatchObject({ posted: 0 });
  });

  it("leaves gift cards out of a mixed order and counts the shop's currency, not the shopper's", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 106, customer: cust(106), subtotal: "75.00", lines: [{ price: "50.00", gift_card: true }, { price: "25.00" }] }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 107, customer: cust(107), subtotal: "100.00", presentment: { currency: "EUR", subtotal: "92.17" } }));
    await h.work();
    expect(await h.balances(SHOP, 106)).toMatchObject({ posted: 25 });
    expect(await h.balances(SHOP, 107)).toMatchObject({ posted: 100 });
  });

  it("reverses refunds pro rata in three steps, and a later cancellation reverses only what is left", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 108, customer: cust(108), subtotal: "123.45" }));
    await h.work();
    for (const [n, amount] of [[1, "41.15"], [2, "41.15"]] as const) {
      await h.send(SHOP, "refunds/create", refundPayload({ id: 1080 + n, orderId: 108, lines: [{ subtotal: amount }] }));
      await h.work();
    }
    expect(await h.balances(SHOP, 108)).toMatchObject({ posted: 123 - 82 });
    await h.send(SHOP, "orders/cancelled", orderPayload({ id: 108, customer: cust(108), subtotal: "41.15", cancelledAt: "2026-11-22T10:00:00-05:00" }));
    await h.send(SHOP, "refunds/create", refundPayload({ id: 1083, orderId: 108, lines: [{ subtotal: "41.15" }] }));
    await h.work();
    expect(await h.balances(SHOP, 108)).toMatchObject({ posted: 0, lifetimeEarned: 0 });
    const reversals = await t.db.prisma.transfer.findMany({ where: { shop: SHOP, orderId: "108", reversesId: { not: null } }, orderBy: { createdAt: "asc" } });
    expect(reversals.reduce((sum, r) => sum + r.points, 0)).toBe(-123);
  });

  it("reverses nothing for a shipping-only refund", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 109, customer: cust(109), subtotal: "60.00" }));
    await h.send(SHOP, "refunds/create", refundPayload({ id: 1091, orderId: 109, shipping: "5.00" }));
    await h.work();
    expect(await h.balances(SHOP, 109)).toMatchObject({ posted: 60 });
  });

  it("earns nothing for a test order unless the program allows test orders", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 110, customer: cust(110), subtotal: "30.00", test: true }));
    await h.work();
    expect(await h.balances(SHOP, 110)).toMatchObject({ posted: 0 });
    const allowing = "test-orders.myshopify.com";
    await h.useProgram(allowing, (rules) => {
      rules.earn.includeTestOrders = true;
    });
    await h.send(allowing, "orders/paid", orderPayload({ id: 110, customer: cust(110), subtotal: "30.00", test: true }));
    await h.work();
    expect(await h.balances(allowing, 110)).toMatchObject({ posted: 30 });
  });

  it("earns at the tier held when the order was paid, before counting it", async () => {
    const customer = cust(111);
    await h.send(SHOP, "orders/paid", orderPayload({ id: 1111, customer, subtotal: "499.00", processedAt: "2026-10-01T10:00:00Z" }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 1112, customer, subtotal: "100.00", processedAt: "2026-10-02T10:00:00Z" }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 1113, customer, subtotal: "100.00", processedAt: "2026-10-03T10:00:00Z" }));
    await h.work();
    // 499 at Member, 100 at Member (spend before it 499 < 500), 100 at Silver ×1.25.
    expect(await h.balances(SHOP, 111)).toMatchObject({ posted: 499 + 100 + 125 });
    expect(await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: "111" } } })).toMatchObject({ tier: "silver", tierSpend: 69_900 });
  });

  it("keeps points pending for the window and posts them when it ends, from the job runner's clock", async () => {
    const pendingShop = "pending-window.myshopify.com";
    await h.useProgram(pendingShop, (rules) => {
      rules.earn.pendingDays = 14;
    });
    const paidAt = new Date();
    const day = 86_400_000;
    await h.send(pendingShop, "orders/paid", orderPayload({ id: 112, customer: cust(112), subtotal: "80.00", processedAt: paidAt.toISOString() }));
    await h.work();
    expect(await h.balances(pendingShop, 112)).toMatchObject({ posted: 0, pendingCredit: 80, available: 0 });
    await h.send(pendingShop, "refunds/create", refundPayload({ id: 1121, orderId: 112, lines: [{ subtotal: "20.00" }] }));
    await h.work(new Date(paidAt.getTime() + day));
    expect(await h.balances(pendingShop, 112)).toMatchObject({ posted: 0, pendingCredit: 60 });
    const noDiscounts = { deactivateDiscount: async () => undefined };
    expect((await runDueJobs(t.db, new Date(paidAt.getTime() + 13 * day), noDiscounts)).ordersSettled).toBe(0);
    const run = await runDueJobs(t.db, new Date(paidAt.getTime() + 14 * day), noDiscounts);
    expect(run.ordersSettled).toBe(1);
    expect(await h.balances(pendingShop, 112)).toMatchObject({ posted: 60, pendingCredit: 0, available: 60, lifetimeEarned: 60 });
    // Idempotent: the next run finds nothing due.
    expect((await runDueJobs(t.db, new Date(paidAt.getTime() + 15 * day), noDiscounts)).ordersSettled).toBe(0);
  });

  it("grants the sign-up bonus once, when the customer has an account", async () => {
    await h.send(SHOP, "customers/create", customerPayload({ id: 113, state: "invited" }));
    await h.work();
    expect(await h.balances(SHOP, 113)).toMatchObject({ posted: 0 });
    await h.send(SHOP, "customers/update", customerPayload({ id: 113, state: "enabled" }));
    await h.send(SHOP, "customers/update", customerPayload({ id: 113, state: "enabled", first_name: "Renamed" }));
    await h.work();
    expect(await h.balances(SHOP, 113)).toMatchObject({ posted: 100, lifetimeEarned: 100 });
    const member = await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: "113" } } });
    expect(member).toMatchObject({ firstName: "Renamed", accountState: "enabled" });
    expect(member?.referralCode).toMatch(/^RENAMED-|^PAT-/);
  });

  it("settles a Tally reward code used on the order: the held points are spent for good", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 114, customer: cust(114), subtotal: "700.00" }));
    await h.work();
    const member = await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: "114" } } });
    if (!member) throw new Error("member 114 missing");
    const hold = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: member.id, points: 500, idempotencyKey: "redeem:114" });
    if (!hold.ok) throw new Error(hold.message);
    const now = new Date();
    await t.db.prisma.redemption.create({
      data: { id: "redemption-114", shop: SHOP, memberId: member.id, code: "TALLY-114-5OFF", points: 500, reservationId: hold.transfer.id, status: "issued", expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now, updatedAt: now },
    });
    expect(await h.balances(SHOP, 114)).toMatchObject({ posted: 700, pendingDebit: 500, available: 200 });
    const order = orderPayload({ id: 115, customer: cust(114), subtotal: "20.00", discountCodes: ["tally-114-5off"], processedAt: "2026-11-21T15:00:00-05:00" });
    await h.send(SHOP, "orders/paid", order);
    await h.send(SHOP, "orders/paid", order);
    await h.work();
    // 700 − 500 spent + 20 earned on the new order (Silver from the 700 before it: ×1.25 = 25).
    expect(await h.balances(SHOP, 114)).toMatchObject({ posted: 700 - 500 + 25, pendingDebit: 0, available: 225 });
    expect(await t.db.prisma.redemption.findUnique({ where: { id: "redemption-114" } })).toMatchObject({ status: "used", orderId: "115" });
  });
});
