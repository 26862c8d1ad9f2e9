// The safety net under the order webhooks: Shopify does not promise to deliver every webhook (and drops a
// subscription that keeps failing), so this job reads the orders updated since it last looked and queues, as
// webhook deliveries, whatever Tally has no record of: a payment, a cancellation, a refund. The queued deliveries
// run through the same handlers as real webhooks. Delivery ids come from the event (reconcile:<topic>:<id>), so
// running the job again, or over an overlapping window, queues nothing twice.
import type { TallyDatabase } from "~/db/database.server";
import { markOrdersReconciled } from "~/loyalty/program/shop-store.server";
import { ordersUpdatedSince, refundLineItems, type CompleteOrder } from "~/shopify-admin/recent-orders.server";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import type { WebhookTopic } from "~/queue/delivery";
import { enqueueDelivery } from "~/queue/delivery-queue.server";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { orderWebhookPayload, refundWebhookPayload, wasPaid } from "./reconciled-payloads";

/** How far back the first run looks. */
export const FIRST_RUN_LOOKBACK_MS = 3 * 24 * 60 * 60_000;
/**
 * Each run starts this long before the previous one: Shopify's order search index trails writes by a little, so
 * an order updated just before the last run may only have become searchable after it.
 */
export const SEARCH_LAG_MS = 10 * 60_000;

export interface ReconcileRun {
  shop: string;
  since: Date;
  ordersRead: number;
  queued: Record<Extract<WebhookTopic, "orders/paid" | "orders/cancelled" | "refunds/create">, number>;
}

export function reconcileDeliveryId(topic: WebhookTopic, id: string): string {
  return `reconcile:${topic}:${id}`;
}

interface KnownFacts {
  paid: Set<string>;
  cancelled: Set<string>;
  refunds: Set<string>;
}

async function knownFacts(db: TallyDatabase, shop: string, orders: CompleteOrder[]): Promise<KnownFacts> {
  const orderIds = orders.map((order) => order.legacyResourceId);
  const refundIds = orders.flatMap((order) => order.refunds.map((refund) => refund.legacyResourceId));
  const rows = await db.read.loyaltyOrder.findMany({ where: { shop, orderId: { in: orderIds } }, select: { orderId: true, paidAt: true, cancelledAt: true } });
  const refunds = await db.read.orderRefund.findMany({ where: { shop, refundId: { in: refundIds } }, select: { refundId: true } });
  return {
    paid: new Set(rows.filter((row) => row.paidAt !== null).map((row) => row.orderId)),
    cancelled: new Set(rows.filter((row) => row.cancelledAt !== null).map((row) => row.orderId)),
    refunds: new Set(refunds.map((row) => row.refundId)),
  };
}

/**
 * Queues what Tally missed of `shop`'s orders updated since its cursor (Shop.ordersReconciledAt, or the last
 * three days on the first run), then moves the cursor to `now`. A failure leaves the cursor where it was, so
 * the next run covers the same window again.
 */
export async function reconcileOrders(db: TallyDatabase, shop: string, admin: AdminGraphql, now: Date): Promise<ReconcileRun> {
  const row = await db.read.shop.findUnique({ where: { domain: shop }, select: { ordersReconciledAt: true } });
  if (!row) throw new Error(`Shop ${shop} is not installed: nothing to reconcile`);
  const since = row.ordersReconciledAt ? new Date(row.ordersReconciledAt.getTime() - SEARCH_LAG_MS) : new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS);
  const run: ReconcileRun = { shop, since, ordersRead: 0, queued: { "orders/paid": 0, "orders/cancelled": 0, "refunds/create": 0 } };

  const queue = async (topic: keyof ReconcileRun["queued"], id: string, payload: unknown) => {
    if (await enqueueDelivery(db, { id: reconcileDeliveryId(topic, id), shop, topic, payload, receivedAt: now })) run.queued[topic] += 1;
  };

  for await (const orders of ordersUpdatedSince(admin, since)) {
    run.ordersRead += orders.length;
    const known = await knownFacts(db, shop, orders);
    for (const order of orders) {
      const orderId = order.legacyResourceId;
      // Parsed with the schemas the handlers use, so a payload they would refuse fails here, not in the queue.
      const payload = orderWebhookPayload(order);
      orderPayload.parse(payload);
      if (wasPaid(order) && !known.paid.has(orderId)) await queue("orders/paid", orderId, payload);
      if (order.cancelledAt && !known.cancelled.has(orderId)) await queue("orders/cancelled", orderId, payload);
      for (const refund of order.refunds) {
        if (known.refunds.has(refund.legacyResourceId)) continue;
        // Already queued by an earlier run and not handled yet: no need to read its line items again.
        if (await db.read.webhookDelivery.findUnique({ where: { id: reconcileDeliveryId("refunds/create", refund.legacyResourceId) }, select: { id: true } })) continue;
        const lines = await refundLineItems(admin, refund.id);
        if (!lines) continue;
        const refundBody = refundWebhookPayload(order, refund, lines);
        refundPayload.parse(refundBody);
        await queue("refunds/create", refund.legacyResourceId, refundBody);
      }
    }
  }
  await markOrdersReconciled(db, shop, now);
  return run;
}
