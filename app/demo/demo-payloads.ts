// The demo's events as the webhook payloads Shopify would send (REST JSON, the fields Tally reads), so the seed
// runs them through the same handlers and schemas as real deliveries.
import type { DemoCustomer } from "./demo-customers";
import type { DemoEvent } from "./demo-history";

type OrderEvent = Extract<DemoEvent, { kind: "order" }>;

const CURRENCY = "USD";

function amount(minor: number): string {
  return (minor / 100).toFixed(2);
}

function money(minor: number) {
  const bag = { amount: amount(minor), currency_code: CURRENCY };
  return { shop_money: bag, presentment_money: bag };
}

export function customerCreatePayload(customer: DemoCustomer, at: Date) {
  return {
    id: Number(customer.customerId),
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: customer.accountState,
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    currency: CURRENCY,
    default_address: { ...customer.address, first_name: customer.firstName, last_name: customer.lastName, default: true },
  };
}

/** An order as orders/paid (or, with `cancelledAt`, orders/cancelled) delivers it; `codes` are its discount codes. */
export function orderPayload(order: OrderEvent, codes: string[]) {
  const customer = "customer" in order.buyer ? order.buyer.customer : null;
  const email = customer ? customer.email : "guestEmail" in order.buyer ? order.buyer.guestEmail : null;
  return {
    id: Number(order.orderId),
    name: order.name,
    email,
    test: false,
    currency: CURRENCY,
    created_at: order.at.toISOString(),
    processed_at: order.at.toISOString(),
    updated_at: (order.cancelledAt ?? order.at).toISOString(),
    cancelled_at: order.cancelledAt?.toISOString() ?? null,
    financial_status: order.cancelledAt ? "refunded" : "paid",
    current_subtotal_price_set: money(order.subtotalMinor),
    line_items: [{ id: Number(order.orderId) * 10, gift_card: false, quantity: 1, current_quantity: 1, price_set: money(order.subtotalMinor), discount_allocations: [] }],
    discount_codes: codes.map((code) => ({ code, amount: "0.00", type: "percentage" })),
    note_attributes: [],
    customer: customer
      ? { id: Number(customer.customerId), email: customer.email, first_name: customer.firstName, last_name: customer.lastName, state: customer.accountState }
      : null,
    shipping_address: order.shipping,
  };
}

export function refundPayload(refund: Extract<DemoEvent, { kind: "refund" }>) {
  return {
    id: Number(refund.refundId),
    order_id: Number(refund.orderId),
    created_at: refund.at.toISOString(),
    refund_line_items: [
      {
        id: Number(refund.refundId) * 10,
        line_item_id: Number(refund.orderId) * 10,
        quantity: 1,
        subtotal_set: money(refund.amountMinor),
        line_item: { gift_card: false },
      },
    ],
  };
}
