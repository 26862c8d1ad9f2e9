// What a webhook body must hold to be taken in: every field the worker reads is checked at the door (a bad one is a
// 400 naming it, and nothing is stored), and Shopify's own bodies, whose ids exceed 2^53, are taken in and kept to
// the digit. Driven through the built app's real routes with Shopify's signature, on each database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { ORDERS_PAID_SAMPLE, REFUNDS_CREATE_SAMPLE, SAMPLE_CUSTOMER_ID, SAMPLE_ORDER_ID, SAMPLE_REFUND_ID } from "../fixtures/shopify-samples";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "payload-checks.myshopify.com";

type Json = Record<string, unknown>;

/** A copy of `body` with the value at `path` (dots; numbers index arrays) replaced. */
function withValue(body: Json, path: string, value: unknown): Json {
  const copy = structuredClone(body);
  const keys = path.split(".");
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
  return copy;
}

describe.each(testDatabaseKinds())("webhook payloads at the door on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  async function nothingStored() {
    expect(await t.db.prisma.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
    await h.work();
    expect(await t.db.prisma.loyaltyOrder.count({ where: { shop: SHOP } })).toBe(0);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP } })).toBe(0);
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP } })).toBe(0);
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
  });
  afterAll(() => t.destroy());

  describe("a field the worker would choke on is a 400 that names it, and nothing is stored", () => {
    const order = orderPayload({ id: 5, customer: { id: 5, state: "enabled" }, subtotal: "100.00", lines: [{ price: "60.00" }, { price: "40.00", gift_card: true }] }) as Json;
    const refund = refundPayload({ id: 6, orderId: 5, lines: [{ subtotal: "10.00" }] }) as Json;

    beforeEach(async () => {
      await t.db.prisma.webhookDelivery.deleteMany({ where: { shop: SHOP } });
    });

    it.each([
      ["current_subtotal_price_set.shop_money.amount", "-10.00", "a money amount is a non-negative decimal"],
      ["current_subtotal_price_set.shop_money.amount", "NaN", "a money amount is a non-negative decimal"],
      ["current_subtotal_price_set.shop_money.amount", "abc", "a money amount is a non-negative decimal"],
      ["current_subtotal_price_set.shop_money.amount", "", "a money amount is a non-negative decimal"],
      ["current_subtotal_price_set.shop_money.amount", 1e21, "a money amount is a non-negative decimal"],
      ["current_subtotal_price_set.shop_money.amount", -5, "a money amount is a non-negative decimal"],
      ["current_subtotal_price_set.shop_money.amount", "10.001", "USD amounts have at most 2 decimals"],
      ["current_subtotal_price_set.shop_money.amount", "9999999999.99", "an amount above 1000000.00 USD is more than Tally can count points for"],
      ["current_subtotal_price_set.shop_money.currency_code", "12$", "a currency is an ISO 4217 code of three capital letters"],
      ["current_subtotal_price_set.shop_money.currency_code", "usd", "a currency is an ISO 4217 code of three capital letters"],
      ["currency", "12$", "a currency is an ISO 4217 code of three capital letters"],
      ["created_at", "not a date", "a date is ISO 8601"],
      ["processed_at", "2026-13-45T10:00:00Z", "a date is ISO 8601"],
      ["cancelled_at", "yesterday", "a date is ISO 8601"],
      ["line_items.1.price_set.shop_money.amount", "1e3", "a money amount is a non-negative decimal"],
      ["line_items.1.quantity", 1.5, "expected int"],
      ["line_items.1.quantity", -1, ">=0"],
      ["line_items.1.quantity", 10_000_000, "<=1000000"],
      ["line_items.1.current_quantity", "2", "expected number"],
      ["id", -1, "an id is a whole number of at most 20 digits"],
      ["customer.id", "12ab", "an id is a whole number of at most 20 digits"],
    ])("orders/paid with %s = %j", async (field, value, problem) => {
      const response = await h.send(SHOP, "orders/paid", withValue(order, field, value));
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain(`${field}: `);
      expect(error).toContain(problem);
      await nothingStored();
    });

    it.each([
      ["refund_line_items.0.subtotal_set.shop_money.amount", "-1.00", "a money amount is a non-negative decimal"],
      ["refund_line_items.0.subtotal_set.shop_money.amount", "1000000.01", "more than Tally can count points for"],
      ["refund_line_items.0.subtotal_set.shop_money.currency_code", "EURO", "a currency is an ISO 4217 code"],
      ["refund_line_items.0.quantity", "1", "expected number"],
      ["created_at", "31/12/2026", "a date is ISO 8601"],
      ["order_id", 1.5, "an id is a whole number of at most 20 digits"],
    ])("refunds/create with %s = %j", async (field, value, problem) => {
      const response = await h.send(SHOP, "refunds/create", withValue(refund, field, value));
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain(`${field}: `);
      expect(error).toContain(problem);
      await nothingStored();
    });

    it("bounds a refund's lines together, not only one by one", async () => {
      const lines = Array.from({ length: 3 }, () => ({ subtotal: "400000.00" }));
      const response = await h.send(SHOP, "refunds/create", refundPayload({ id: 7, orderId: 5, lines }));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toContain("refund_line_items: the refunded lines add up to more than Tally can count points for");
      await nothingStored();
    });

    it("takes the largest amount it counts points for, and the points fit the ledger", async () => {
      await h.useProgram(SHOP, (rules) => {
        rules.earn.points = 1;
        rules.earn.unitMinor = 1;
        rules.tiers = [{ key: "member", name: "Member", threshold: 0, multiplierPercent: 1000 }];
      });
      const big = orderPayload({ id: 8, customer: { id: 8, state: "disabled" }, subtotal: "1000000.00" });
      expect((await h.send(SHOP, "orders/paid", big)).status).toBe(200);
      expect(await h.work()).toEqual({ processed: 1, failed: 0 });
      expect(await h.balances(SHOP, 8)).toMatchObject({ posted: 1_000_000_000 });
      await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: "{}" } });
    });
  });

  describe("Shopify's own sample payloads, ids above 2^53, are taken in and kept to the digit", () => {
    const SAMPLE_SHOP = "samples.myshopify.com";

    beforeAll(async () => {
      await h.install(SAMPLE_SHOP);
    });

    it("keeps the order, customer and refund ids of the orders/paid and refunds/create samples exactly", async () => {
      expect(Number(SAMPLE_ORDER_ID) > Number.MAX_SAFE_INTEGER).toBe(true);
      expect((await h.send(SAMPLE_SHOP, "orders/paid", ORDERS_PAID_SAMPLE)).status).toBe(200);
      expect((await h.send(SAMPLE_SHOP, "refunds/create", REFUNDS_CREATE_SAMPLE)).status).toBe(200);
      expect(await h.work()).toEqual({ processed: 2, failed: 0 });

      const orders = await t.db.prisma.loyaltyOrder.findMany({ where: { shop: SAMPLE_SHOP } });
      expect(orders).toEqual([expect.objectContaining({ orderId: SAMPLE_ORDER_ID, customerId: SAMPLE_CUSTOMER_ID, test: true, eligibleMinor: 41495 })]);
      expect(orders[0]?.refundedMinor).toBe(10998);
      const members = await t.db.prisma.member.findMany({ where: { shop: SAMPLE_SHOP } });
      expect(members.map((member) => member.customerId)).toEqual([SAMPLE_CUSTOMER_ID]);
      const refunds = await t.db.prisma.orderRefund.findMany({ where: { shop: SAMPLE_SHOP } });
      expect(refunds.map((refund) => [refund.refundId, refund.orderId])).toEqual([[SAMPLE_REFUND_ID, SAMPLE_ORDER_ID]]);
    });

    it("reads compliance bodies' ids exactly too", async () => {
      const body = `{"shop_id":548380009,"shop_domain":"${SAMPLE_SHOP}","orders_requested":[${SAMPLE_ORDER_ID}],"customer":{"id":${SAMPLE_CUSTOMER_ID},"email":"john@example.com","phone":null},"data_request":{"id":9007199254740993}}`;
      const response = await h.app(signedWebhook("/webhooks/compliance", "customers/data_request", body, { shop: SAMPLE_SHOP }));
      expect(response.status).toBe(200);
      const [request] = await t.db.prisma.dataRequest.findMany({ where: { shop: SAMPLE_SHOP } });
      expect(request?.customerId).toBe(SAMPLE_CUSTOMER_ID);
      expect(JSON.parse(request?.export ?? "{}")).toMatchObject({
        customerId: SAMPLE_CUSTOMER_ID,
        shopifyDataRequestId: "9007199254740993",
        ordersRequested: [SAMPLE_ORDER_ID],
        member: { email: "john@example.com" },
      });

      const redact = `{"shop_id":548380009,"shop_domain":"${SAMPLE_SHOP}","customer":{"id":${SAMPLE_CUSTOMER_ID},"email":"john@example.com"},"orders_to_redact":[${SAMPLE_ORDER_ID}]}`;
      expect((await h.app(signedWebhook("/webhooks/compliance", "customers/redact", redact, { shop: SAMPLE_SHOP }))).status).toBe(200);
      expect(await t.db.prisma.member.findMany({ where: { shop: SAMPLE_SHOP } })).toEqual([expect.objectContaining({ email: null, redactedAt: expect.any(Date) })]);
    });
  });
});
