// The durable queue behind the webhook routes. A route verifies the delivery, stores it here and answers 200;
// the work runs afterwards, from this table, so a crash after the answer loses nothing: whatever is still queued
// (or whose lease ran out mid-work) is picked up again by the next worker, in this process or after a restart.
// The table's primary key is X-Shopify-Webhook-Id, which makes a redelivery of the same webhook a no-op. This
// module and the intake's store are the table's writers (app/db/table-owners.mjs): it is the queue's, not a
// loyalty table.
import { prismaOf, type Prisma, type TallyDatabase, type Writer } from "~/db/database.server";
import type { Delivery, WebhookTopic } from "./delivery";

/** How long a claimed delivery is someone's before another worker may take it over. */
const LEASE_MS = 60_000;
/** Shopify retries a failed delivery 8 times over 4 hours; we keep trying about as long. */
export const MAX_ATTEMPTS = 10;

function backoffMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 30 * 60_000);
}

/** Stores a delivery; false when this webhook id was already received. */
export function enqueueDelivery(db: TallyDatabase, delivery: Delivery): Promise<boolean> {
  return db.deliveries.enqueue(delivery);
}

export interface ClaimedDelivery extends Delivery {
  attempts: number;
}

/**
 * Takes up to `limit` deliveries that are due, oldest first, each under a lease. A conditional update makes the
 * claim safe when several app instances share the database: only one of them wins each delivery.
 */
export async function claimDueDeliveries(db: TallyDatabase, now: Date, limit: number): Promise<ClaimedDelivery[]> {
  const due = await db.prisma.webhookDelivery.findMany({
    where: { status: "queued", runAfter: { lte: now } },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const claimed: ClaimedDelivery[] = [];
  for (const row of due) {
    const { count } = await db.prisma.webhookDelivery.updateMany({
      where: { id: row.id, status: "queued", runAfter: row.runAfter },
      data: { runAfter: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    });
    if (count === 1) {
      claimed.push({
        id: row.id,
        shop: row.shop,
        topic: row.topic as WebhookTopic,
        // A waiting delivery always has its payload; only applied ones lose it.
        payload: JSON.parse(row.payload ?? "null") as unknown,
        receivedAt: row.receivedAt,
        attempts: row.attempts + 1,
      });
    }
  }
  return claimed;
}

/**
 * Marks a delivery applied. Its payload (customers' names, emails, addresses) goes: the row keeps what deduplication
 * and the queue's audit need — id, shop, topic, times, status, attempts (docs/privacy.md).
 */
export async function completeDelivery(db: TallyDatabase, id: string, now: Date): Promise<void> {
  await db.prisma.webhookDelivery.update({ where: { id }, data: { status: "done", processedAt: now, lastError: null, payload: null } });
}

/** Schedules another attempt with backoff, or gives up after MAX_ATTEMPTS and keeps the error. */
export async function failDelivery(db: TallyDatabase, delivery: ClaimedDelivery, error: unknown, now: Date): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const gaveUp = delivery.attempts >= MAX_ATTEMPTS;
  await db.prisma.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      status: gaveUp ? "failed" : "queued",
      lastError: message.slice(0, 2000),
      runAfter: new Date(now.getTime() + backoffMs(delivery.attempts)),
    },
  });
}

/**
 * Puts a delivery that failed for good back in the queue, due now with its attempts reset, when a staff member
 * asks for it (the Failed deliveries page). Only a failed delivery of `shop` is touched; false otherwise.
 */
export async function retryFailedDelivery(db: TallyDatabase | Pick<Prisma, "webhookDelivery">, shop: string, id: string, now: Date): Promise<boolean> {
  const { count } = await prismaOf(db).webhookDelivery.updateMany({
    where: { id, shop, status: "failed" },
    data: { status: "queued", attempts: 0, runAfter: now },
  });
  return count === 1;
}

/** customers/redact: a waiting delivery keeps what it still has to do, without what it said about the customer. */
export async function replaceWaitingPayload(db: Writer, id: string, payload: unknown): Promise<void> {
  await prismaOf(db).webhookDelivery.update({ where: { id }, data: { payload: JSON.stringify(payload) } });
}

/** customers/redact: a waiting delivery about the erased customer alone has nothing left to do; it closes with no payload. */
export async function closeEmptiedDelivery(db: Writer, id: string, now: Date): Promise<void> {
  await prismaOf(db).webhookDelivery.update({ where: { id }, data: { status: "done", payload: null, processedAt: now, lastError: null } });
}

/** shop/redact: every delivery of the shop. */
export async function eraseShopDeliveries(db: Writer, shop: string): Promise<void> {
  await prismaOf(db).webhookDelivery.deleteMany({ where: { shop } });
}
