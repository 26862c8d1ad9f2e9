// Turns orders read from the Admin GraphQL API into the REST-shaped payloads Shopify's order webhooks deliver
// (app/shopify-input), so a missed webhook goes through the very same queue and handlers as a delivered one.
//
// An orders/paid payload describes the order as it was when paid: refunds are delivered separately, as
// refunds/create, and Tally subtracts each from the order's eligible spend. So the subtotal is subtotalPriceSet
// (after discounts, before returns and refunds) and each line's current_quantity its paid quantity; the order's
// currentSubtotalPriceSet already has the refunds taken off and would take them off twice. It is only the
// fallback when Shopify gives no subtotalPriceSet.
import type { CompleteOrder } from "~/shopify-admin/recent-orders.server";
import type { ShopMoneyBag } from "~/shopify-admin/money-bag";
import type { RefundLineItem } from "~/shopify-admin/refund-line-items-query";
import type { RefundSummary } from "~/shopify-admin/refund-summary-fields";

/** Financial statuses of an order whose payment was captured (refunds come after payment). */
const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

export function wasPaid(order: Pick<CompleteOrder, "displayFinancialStatus">): boolean {
  return order.displayFinancialStatus !== null && PAID_STATUSES.has(order.displayFinancialStatus);
}

/** REST ids are JSON numbers; a legacy id beyond what a double holds exactly stays a string (the schemas take both). */
function restId(digits: string): number | string {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : digits;
}

/** The numeric id at the end of a gid: gid://shopify/LineItem/123 → 123. */
export function gidNumber(gid: string): number | string {
  const digits = /\/(\d+)$/.exec(gid)?.[1];
  if (!digits) throw new Error(`Not a Shopify gid with a numeric id: ${gid}`);
  return restId(digits);
}

function moneyBag(bag: ShopMoneyBag) {
  return { shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode } };
}

/** The order as orders/paid and orders/cancelled deliver it. */
export function orderWebhookPayload(order: CompleteOrder) {
  const customer = order.customer;
  const address = order.shippingAddress;
  return {
    id: restId(order.legacyResourceId),
    email: order.email,
    test: order.test,
    currency: order.currencyCode,
    created_at: order.createdAt,
    processed_at: order.processedAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    financial_status: order.displayFinancialStatus?.toLowerCase() ?? null,
    current_subtotal_price_set: moneyBag(order.subtotalPriceSet ?? order.currentSubtotalPriceSet),
    taxes_included: order.taxesIncluded,
    ...(order.totalTaxSet ? { current_total_tax_set: moneyBag(order.totalTaxSet) } : {}),
    shipping_lines: order.shippingLines.nodes.map((line) => ({ tax_lines: line.taxLines.map((tax) => ({ price_set: moneyBag(tax.priceSet) })) })),
    line_items: order.lineItems.map((line) => ({
      id: gidNumber(line.id),
      gift_card: line.isGiftCard,
      quantity: line.quantity,
      current_quantity: line.quantity,
      price_set: moneyBag(line.originalUnitPriceSet),
      discount_allocations: line.discountAllocations.map((allocation) => ({ amount_set: moneyBag(allocation.allocatedAmountSet) })),
    })),
    discount_codes: order.discountCodes.map((code) => ({ code })),
    note_attributes: order.customAttributes.map((attribute) => ({ name: attribute.key, value: attribute.value })),
    customer: customer
      ? {
          id: restId(customer.legacyResourceId),
          email: customer.defaultEmailAddress?.emailAddress ?? null,
          first_name: customer.firstName,
          last_name: customer.lastName,
          state: customer.state.toLowerCase(),
        }
      : null,
    shipping_address: address
      ? {
          address1: address.address1,
          address2: address.address2,
          city: address.city,
          zip: address.zip,
          province_code: address.provinceCode,
          country_code: address.countryCodeV2,
        }
      : null,
  };
}

/** A refund as refunds/create delivers it. */
export function refundWebhookPayload(order: Pick<CompleteOrder, "legacyResourceId">, refund: RefundSummary, lines: RefundLineItem[]) {
  return {
    id: restId(refund.legacyResourceId),
    order_id: restId(order.legacyResourceId),
    created_at: refund.createdAt ?? refund.processedAt,
    refund_line_items: lines.map((line) => ({
      // RefundLineItem.id is nullable in GraphQL but always set in REST; Tally's handlers never read it, so the
      // refunded line item's id stands in when it is missing.
      id: gidNumber(line.id ?? line.lineItem.id),
      line_item_id: gidNumber(line.lineItem.id),
      quantity: line.quantity,
      subtotal_set: moneyBag(line.subtotalSet),
      total_tax_set: moneyBag(line.totalTaxSet),
      line_item: { id: gidNumber(line.lineItem.id), gift_card: line.lineItem.isGiftCard },
    })),
  };
}
