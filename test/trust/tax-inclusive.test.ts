// Points are earned on spend before tax, whether the shop's prices include tax (most EU, UK and Australian shops:
// Shopify's `taxes_included`) or not. A refund does not say whether its subtotals include tax, so the order's flag
// decides, in whichever order the order and its refunds arrive. Driven through the real webhook routes, on each
// database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "tax-inclusive.myshopify.com";
const EUR = { currency: "EUR" };

describe.each(testDatabaseKinds())("tax-inclusive shops on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  const order = (id: number) => t.db.prisma.loyaltyOrder.findUnique({ where: { shop_orderId: { shop: SHOP, orderId: String(id) } } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
  });
  afterAll(() => t.destroy());

  it("earns on 102.50 for an order of 123.00 that includes 20.50 VAT, and a refund reverses pro rata before tax", async () => {
    // 123.00 of goods incl. 20.50 VAT, plus 5.00 of shipping incl. 0.83 VAT: Shopify's current_total_tax is 21.33.
    const paid = orderPayload({ id: 1, customer: { id: 1, state: "disabled" }, subtotal: "123.00", taxesIncluded: true, tax: "21.33", shippingTax: "0.83", ...EUR });
    expect((await h.send(SHOP, "orders/paid", paid)).status).toBe(200);
    await h.work();
    expect(await order(1)).toMatchObject({ eligibleMinor: 10250, earnedPoints: 102, taxesIncluded: true });
    expect(await h.balances(SHOP, 1)).toMatchObject({ posted: 102 });

    // Half the goods come back: 61.50 incl. 10.25 VAT, so 51.25 of eligible spend; floor(102 × 51.25 / 102.50) = 51.
    expect((await h.send(SHOP, "refunds/create", refundPayload({ id: 11, orderId: 1, lines: [{ subtotal: "61.50", tax: "10.25" }], ...EUR }))).status).toBe(200);
    await h.work();
    expect(await order(1)).toMatchObject({ refundedMinor: 5125 });
    expect(await h.balances(SHOP, 1)).toMatchObject({ posted: 51 });
  });

  it("takes the tax out of a refund that arrived before its order", async () => {
    expect((await h.send(SHOP, "refunds/create", refundPayload({ id: 21, orderId: 2, lines: [{ subtotal: "61.50", tax: "10.25" }], ...EUR }))).status).toBe(200);
    await h.work();
    const paid = orderPayload({ id: 2, customer: { id: 2, state: "disabled" }, subtotal: "123.00", taxesIncluded: true, tax: "20.50", ...EUR });
    expect((await h.send(SHOP, "orders/paid", paid)).status).toBe(200);
    await h.work();
    expect(await order(2)).toMatchObject({ eligibleMinor: 10250, refundedMinor: 5125, earnedPoints: 102 });
    expect(await h.balances(SHOP, 2)).toMatchObject({ posted: 51 });
  });

  it("earns the same on a shop whose prices exclude tax, where Shopify adds the tax on top", async () => {
    const paid = orderPayload({ id: 3, customer: { id: 3, state: "disabled" }, subtotal: "102.50", taxesIncluded: false, tax: "20.50", ...EUR });
    expect((await h.send(SHOP, "orders/paid", paid)).status).toBe(200);
    expect((await h.send(SHOP, "refunds/create", refundPayload({ id: 31, orderId: 3, lines: [{ subtotal: "51.25", tax: "10.25" }], ...EUR }))).status).toBe(200);
    await h.work();
    expect(await order(3)).toMatchObject({ eligibleMinor: 10250, refundedMinor: 5125, earnedPoints: 102, taxesIncluded: false });
    expect(await h.balances(SHOP, 3)).toMatchObject({ posted: 51 });
  });
});
