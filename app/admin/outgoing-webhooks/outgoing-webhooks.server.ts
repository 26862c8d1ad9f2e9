// The Outgoing webhooks page's read model: the shop's endpoints, and its deliveries that failed or are being retried.
import type { ReadOnlyPrisma } from "~/db/database.server";
import type { EventType } from "~/loyalty/events/loyalty-events";
import { shopEndpoints } from "~/loyalty/outgoing-webhooks/endpoint-store.server";

const PAGE_SIZE = 100;

export interface EndpointRow {
  id: string;
  url: string;
  events: EventType[];
  enabled: boolean;
  createdAt: string;
}

export interface WebhookDeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  url: string;
  status: string;
  attempts: number;
  error: string | null;
  nextAttemptAt: string | null;
}

export async function outgoingWebhooksPage(prisma: ReadOnlyPrisma, shop: string): Promise<{ endpoints: EndpointRow[]; deliveries: WebhookDeliveryRow[] }> {
  const endpoints = await shopEndpoints(prisma, shop);
  const deliveries = await prisma.outgoingWebhookDelivery.findMany({
    where: { shop, OR: [{ status: "failed" }, { status: "pending", attempts: { gt: 0 } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE,
  });
  const types = await prisma.loyaltyEvent.findMany({ where: { id: { in: deliveries.map((row) => row.eventId) } }, select: { id: true, type: true } });
  const typeOf = new Map(types.map((row) => [row.id, row.type]));
  const urlOf = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.url]));
  return {
    endpoints: endpoints.map((endpoint) => ({ id: endpoint.id, url: endpoint.url, events: endpoint.events, enabled: endpoint.enabled, createdAt: endpoint.createdAt.toISOString() })),
    deliveries: deliveries.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      eventType: typeOf.get(row.eventId) ?? "",
      url: urlOf.get(row.endpointId) ?? "",
      status: row.status,
      attempts: row.attempts,
      error: row.lastError,
      nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    })),
  };
}
