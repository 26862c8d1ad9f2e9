import { describe, expect, it } from "vitest";
import type { CompleteOrder } from "~/shopify-admin/recent-orders.server";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { gidNumber, orderWebhookPayload, refundWebhookPayload, wasPaid } from "./reconciled-payloads";

const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });

function guestOrder(overrides: Partial<CompleteOrder> = {}): CompleteOrder {
  return {
    id: "gid://shopify/Order/5",
    legacyResourceId: "5",
    email: null,
    test: true,
    createdAt: "2026-05-01T10:00:00Z",
    processedAt: "2026-05-01T10:00:01Z",
    updatedAt: "2026-05-02T10:00:00Z",
    cancelledAt: null,
    displayFinancialStatus: "PAID",
    currencyCode: "USD",
    discountCodes: [],
    customAttributes: [{ key: "gift_note", value: null }],
    subtotalPriceSet: null,
    currentSubtotalPriceSet: usd("12.5"),
    taxesIncluded: false,
    totalTaxSet: usd("0.00"),
    shippingLines: { nodes: [] },
    customer: null,
    shippingAddress: null,
    lineItems: [{ id: "gid://shopify/LineItem/51", quantity: 1, isGiftCard: false, originalUnitPriceSet: usd("12.5"), discountAllocations: [] }],
    refunds: [],
    ...overrides,
  };
}

describe("orders as webhook payloads", () => {
  it("takes the current subtotal when Shopify gives no original one, and keeps a guest order without customer or address", () => {
    const payload = orderPayload.parse(orderWebhookPayload(guestOrder()));
    expect(payload).toMatchObject({ id: "5", test: true, customer: null, shipping_address: null, processed_at: "2026-05-01T10:00:01Z" });
    expect(payload.current_subtotal_price_set.shop_money).toEqual({ amount: "12.5", currency_code: "USD" });
    expect(payload.note_attributes).toEqual([{ name: "gift_note", value: null }]);
  });

  it("counts as paid only once payment was captured", () => {
    expect(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].map((status) => wasPaid({ displayFinancialStatus: status }))).toEqual([true, true, true]);
    expect(["PENDING", "AUTHORIZED", "PARTIALLY_PAID", "VOIDED", "EXPIRED", null].map((status) => wasPaid({ displayFinancialStatus: status }))).toEqual([false, false, false, false, false, false]);
  });

  it("gives a refund line without an id its line item's id, and dates the refund by processing when creation is unknown", () => {
    const refund = { id: "gid://shopify/Refund/8", legacyResourceId: "8", createdAt: null, processedAt: "2026-05-03T09:00:00Z" };
    const line = { id: null, quantity: 1, lineItem: { id: "gid://shopify/LineItem/51", isGiftCard: true }, subtotalSet: usd("12.50"), totalTaxSet: usd("1.25") };
    const payload = refundPayload.parse(refundWebhookPayload(guestOrder(), refund, [line]));
    expect(payload).toMatchObject({ id: "8", order_id: "5", created_at: "2026-05-03T09:00:00Z" });
    expect(payload.refund_line_items).toEqual([
      {
        id: "51",
        line_item_id: "51",
        quantity: 1,
        subtotal_set: { shop_money: { amount: "12.50", currency_code: "USD" } },
        total_tax_set: { shop_money: { amount: "1.25", currency_code: "USD" } },
        line_item: { gift_card: true },
      },
    ]);
  });

  it("refuses a gid without a numeric id", () => {
    expect(gidNumber("gid://shopify/LineItem/123")).toBe(123);
    expect(() => gidNumber("gid://shopify/LineItem/abc")).toThrow("Not a Shopify gid with a numeric id");
  });
});
