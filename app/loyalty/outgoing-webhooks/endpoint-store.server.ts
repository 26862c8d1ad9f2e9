// The one writer of webhook_endpoints and outgoing_webhook_deliveries (app/db/table-owners.mjs).
import { randomUUID } from "node:crypto";
import type { Prisma, ReadOnlyPrisma } from "~/db/database.server";
import { isEventType, type EventType } from "~/loyalty/events/loyalty-events";

export interface Endpoint {
  id: string;
  shop: string;
  url: string;
  events: EventType[];
  secretSalt: string;
  enabled: boolean;
  createdAt: Date;
}

type EndpointRow = Omit<Endpoint, "events"> & { events: string };

export function toEndpoint(row: EndpointRow): Endpoint {
  const events = JSON.parse(row.events) as unknown;
  return { ...row, events: Array.isArray(events) ? events.filter((event): event is EventType => typeof event === "string" && isEventType(event)) : [] };
}

export async function shopEndpoints(prisma: ReadOnlyPrisma, shop: string): Promise<Endpoint[]> {
  const rows = await prisma.webhookEndpoint.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toEndpoint);
}

export async function insertEndpoint(prisma: Prisma, endpoint: Omit<Endpoint, "enabled">): Promise<void> {
  await prisma.webhookEndpoint.create({
    data: { ...endpoint, events: JSON.stringify(endpoint.events), enabled: true, updatedAt: endpoint.createdAt },
  });
}

export async function setEndpointEnabledRow(prisma: Prisma, shop: string, id: string, enabled: boolean, now: Date): Promise<boolean> {
  const { count } = await prisma.webhookEndpoint.updateMany({ where: { id, shop }, data: { enabled, updatedAt: now } });
  return count === 1;
}

/** The endpoint and its deliveries. */
export async function deleteEndpointRow(prisma: Prisma, shop: string, id: string): Promise<boolean> {
  await prisma.outgoingWebhookDelivery.deleteMany({ where: { endpointId: id, shop } });
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id, shop } });
  return count === 1;
}

export async function addDeliveries(prisma: Prisma, rows: { shop: string; endpointId: string; eventId: string }[], now: Date, giveUpAt: Date): Promise<void> {
  if (rows.length === 0) return;
  await prisma.outgoingWebhookDelivery.createMany({
    data: rows.map((row) => ({ id: randomUUID(), ...row, status: "pending", attempts: 0, nextAttemptAt: now, giveUpAt, createdAt: now })),
  });
}

/** How long an attempt is its sender's (a request times out after 10 s) before another sender may take it over. */
export const WEBHOOK_DELIVERY_LEASE_MS = 60_000;

export interface ClaimedWebhookDelivery {
  id: string;
  shop: string;
  endpointId: string;
  eventId: string;
  attempts: number;
  giveUpAt: Date;
  /** When it was due before this claim: where it goes back to should its sender not try it. */
  dueAt: Date;
}

/**
 * Takes due deliveries, each by a conditional update, so two senders never hold one delivery at once; none for the
 * endpoints in `exceptEndpoints` (found failing in this run).
 */
export async function claimDueWebhookDeliveries(prisma: Prisma, now: Date, limit: number, exceptEndpoints: readonly string[] = []): Promise<ClaimedWebhookDelivery[]> {
  const due = await prisma.outgoingWebhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...(exceptEndpoints.length > 0 ? { endpointId: { notIn: [...exceptEndpoints] } } : {}) },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const claimed: ClaimedWebhookDelivery[] = [];
  for (const row of due) {
    const { count } = await prisma.outgoingWebhookDelivery.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + WEBHOOK_DELIVERY_LEASE_MS), attempts: { increment: 1 } },
    });
    if (count === 1) {
      claimed.push({ id: row.id, shop: row.shop, endpointId: row.endpointId, eventId: row.eventId, attempts: row.attempts + 1, giveUpAt: row.giveUpAt, dueAt: row.nextAttemptAt });
    }
  }
  return claimed;
}

/**
 * Claimed deliveries their sender did not try: because their endpoint failed a moment before
 * (app/operations/send-lanes.ts), or because half the claim's lease had passed (`error` null,
 * app/operations/job-share.server.ts). They go back in the queue as they were before the claim; past their last
 * try, those the far side stopped fail for good with the endpoint's failure, as their own try would have. A delivery
 * another sender has claimed since (its lease ended) is left to it.
 */
export async function putBackUntriedDeliveries(prisma: Prisma, untried: readonly ClaimedWebhookDelivery[], now: Date, error: string | null): Promise<void> {
  for (const delivery of untried) {
    const failing = error !== null && delivery.giveUpAt <= now ? error : null;
    await prisma.outgoingWebhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending", attempts: delivery.attempts },
      data: failing !== null ? { status: "failed", lastError: failing.slice(0, 500), attempts: delivery.attempts - 1 } : { nextAttemptAt: delivery.dueAt, attempts: delivery.attempts - 1 },
    });
  }
}

export async function markDelivered(prisma: Prisma, id: string, status: number, now: Date): Promise<void> {
  await prisma.outgoingWebhookDelivery.update({ where: { id }, data: { status: "delivered", lastStatus: status, lastError: null, deliveredAt: now } });
}

/** Another attempt at `next`, or failed for good when `next` is null. */
export async function markAttemptFailed(prisma: Prisma, id: string, failure: { error: string; status: number | null }, next: Date | null): Promise<void> {
  await prisma.outgoingWebhookDelivery.update({
    where: { id },
    data: { status: next ? "pending" : "failed", lastError: failure.error.slice(0, 500), lastStatus: failure.status, ...(next ? { nextAttemptAt: next } : {}) },
  });
}

export async function markSkipped(prisma: Prisma, id: string, reason: string): Promise<void> {
  await prisma.outgoingWebhookDelivery.update({ where: { id }, data: { status: "skipped", lastError: reason } });
}

/** A failed delivery of the shop goes back to pending, due now, with another day of retries. */
export async function requeueFailedDelivery(prisma: Prisma, shop: string, id: string, now: Date, giveUpAt: Date): Promise<boolean> {
  const { count } = await prisma.outgoingWebhookDelivery.updateMany({ where: { id, shop, status: "failed" }, data: { status: "pending", nextAttemptAt: now, giveUpAt } });
  return count === 1;
}

/** customers/redact: deliveries of the member's events that have not gone yet will not go. */
export async function skipWaitingDeliveries(prisma: Prisma, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await prisma.outgoingWebhookDelivery.updateMany({ where: { eventId: { in: [...eventIds] }, status: { in: ["pending", "failed"] } }, data: { status: "skipped", lastError: "The customer's data was erased." } });
}

/** shop/redact: the shop's endpoints and deliveries. */
export async function eraseShopWebhooks(prisma: Prisma, shop: string): Promise<number> {
  await prisma.outgoingWebhookDelivery.deleteMany({ where: { shop } });
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { shop } });
  return count;
}
