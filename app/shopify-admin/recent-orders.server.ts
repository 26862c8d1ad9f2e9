// Reads orders updated since a time from the Admin API, a page at a time, each order complete: every line item
// and every refund, following up on the ones a page could not hold.
import { ORDER_LINE_ITEMS_QUERY, orderLineItemsData, type OrderLineItemsData } from "./order-line-items-query";
import { MAX_REFUNDS_PER_ORDER, ORDER_REFUNDS_QUERY, orderRefundsData } from "./order-refunds-query";
import { RECENT_ORDERS_QUERY, recentOrdersData, REFUNDS_PER_ORDER, type RecentOrder, type RecentOrdersData } from "./recent-orders-query";
import type { ReconciledLineItem } from "./reconciled-line-item-fields";
import { REFUND_LINE_ITEMS_QUERY, refundLineItemsData, type RefundLineItem, type RefundLineItemsData } from "./refund-line-items-query";
import type { RefundSummary } from "./refund-summary-fields";
import { runAdminQuery, type AdminGraphql } from "./run-admin-query.server";

/** An order with all of its line items and refunds (the refunds without their line items). */
export interface CompleteOrder extends Omit<RecentOrder, "lineItems" | "refunds"> {
  lineItems: ReconciledLineItem[];
  refunds: RefundSummary[];
}

/** Shopify's search syntax for "updated at or after": https://shopify.dev/docs/api/usage/search-syntax */
export function updatedSinceQuery(since: Date): string {
  return `updated_at:>='${since.toISOString()}'`;
}

/** The rest of an order's line items after `after`; null when the order is gone. */
async function remainingLineItems(admin: AdminGraphql, orderId: string, after: string | null): Promise<ReconciledLineItem[] | null> {
  const items: ReconciledLineItem[] = [];
  let cursor = after;
  for (;;) {
    const { order }: OrderLineItemsData = await runAdminQuery(admin, ORDER_LINE_ITEMS_QUERY, { id: orderId, after: cursor }, orderLineItemsData);
    if (!order) return null;
    items.push(...order.lineItems.nodes);
    if (!order.lineItems.pageInfo.hasNextPage) return items;
    cursor = order.lineItems.pageInfo.endCursor;
  }
}

async function completeOrder(admin: AdminGraphql, order: RecentOrder): Promise<CompleteOrder | null> {
  let lineItems = order.lineItems.nodes;
  if (order.lineItems.pageInfo.hasNextPage) {
    const rest = await remainingLineItems(admin, order.id, order.lineItems.pageInfo.endCursor);
    if (!rest) return null;
    lineItems = [...lineItems, ...rest];
  }
  let refunds = order.refunds;
  // A full list may have been cut at `first`.
  if (refunds.length >= REFUNDS_PER_ORDER) {
    const { order: withRefunds } = await runAdminQuery(admin, ORDER_REFUNDS_QUERY, { id: order.id }, orderRefundsData);
    if (!withRefunds) return null;
    if (withRefunds.refunds.length >= MAX_REFUNDS_PER_ORDER) {
      throw new Error(`Order ${order.legacyResourceId} has ${MAX_REFUNDS_PER_ORDER} refunds or more, more than the Admin API lists at once`);
    }
    refunds = withRefunds.refunds;
  }
  return { ...order, lineItems, refunds };
}

/** Orders updated at or after `since`, oldest update first, one page at a time. Deleted orders are left out. */
export async function* ordersUpdatedSince(admin: AdminGraphql, since: Date): AsyncGenerator<CompleteOrder[]> {
  let after: string | null = null;
  for (;;) {
    const { orders }: RecentOrdersData = await runAdminQuery(admin, RECENT_ORDERS_QUERY, { query: updatedSinceQuery(since), after }, recentOrdersData);
    const page: CompleteOrder[] = [];
    for (const order of orders.nodes) {
      const complete = await completeOrder(admin, order);
      if (complete) page.push(complete);
    }
    yield page;
    if (!orders.pageInfo.hasNextPage) return;
    after = orders.pageInfo.endCursor;
  }
}

/** Every line item of a refund; null when the refund is gone. */
export async function refundLineItems(admin: AdminGraphql, refundId: string): Promise<RefundLineItem[] | null> {
  const items: RefundLineItem[] = [];
  let after: string | null = null;
  for (;;) {
    const { refund }: RefundLineItemsData = await runAdminQuery(admin, REFUND_LINE_ITEMS_QUERY, { id: refundId, after }, refundLineItemsData);
    if (!refund) return null;
    items.push(...refund.refundLineItems.nodes);
    if (!refund.refundLineItems.pageInfo.hasNextPage) return items;
    after = refund.refundLineItems.pageInfo.endCursor;
  }
}
