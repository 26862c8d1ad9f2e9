// The durable queue behind the webhook routes. A route verifies the delivery, stores it here and answers 200;
// the work runs afterwards, from this table, so a crash after the answer loses nothing: whatever is still queued
// (or whose lease ran out mid-work) is picked up again by the next worker, in this process or after a restart.
// The table's primary key is X-Shopify-Webhook-Id, which makes a redelivery of the same webhook a no-op. This
// module and the intake's store are the table's writers (app/db/table-owners.mjs): it is the queue's, not a
// loyalty table. Claiming, completing and failing run on the driver: the worker does them for every delivery
// (docs/decisions/033-settlement-on-the-driver.md).
import { prismaOf, type Prisma, type TallyDatabase, type Writer } from "~/db/database.server";
import { dateOf, placeholders } from "~/db/driver-sql.server";
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

interface ClaimRow {
  id: string;
  shop: string;
  topic: string;
  payload: string | null;
  received_at: unknown;
  attempts: number;
}

// Due deliveries are read in the order they are claimed in, off the (status, received_at, id) index, passing over
// the few whose lease or backoff has not ended: a claim then costs the same however deep the queue. Read off the
// (status, run_after) index instead, every due delivery was sorted on each claim: 3 ms a claim at 10,000 queued,
// against 0.15 ms, so that a queue that had grown made settling slower still
// (docs/decisions/054-settlement-in-gathered-batches.md). SQLite's planner, without statistics, takes the other
// index; it is named.
const due = (table: string, lock: string) => `SELECT id FROM ${table} WHERE status = 'queued' AND run_after <= ? ORDER BY received_at, id LIMIT ?${lock}`;
const claimSql = (table: string, lock: string) => `UPDATE webhook_deliveries SET run_after = ?, attempts = attempts + 1
  WHERE id IN (${due(table, lock)}) RETURNING id, shop, topic, payload, received_at, attempts`;
const CLAIM_SQL = {
  sqlite: claimSql("webhook_deliveries INDEXED BY webhook_deliveries_status_received_at_id_idx", ""),
  postgres: claimSql("webhook_deliveries", " FOR UPDATE SKIP LOCKED"),
};

/**
 * Takes up to `limit` deliveries that are due, oldest first, each under a lease, in one statement. On SQLite it
 * runs under the database's write lock, so one process wins each delivery; on PostgreSQL `FOR UPDATE SKIP
 * LOCKED` lets several app instances claim at the same moment, each passing over the rows another is taking
 * instead of waiting for them or taking them twice.
 */
export async function claimDueDeliveries(db: TallyDatabase, now: Date, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await db.sql.all<ClaimRow>(CLAIM_SQL[db.kind], [new Date(now.getTime() + LEASE_MS), now, limit]);
  return rows
    .map((row) => ({
      id: row.id,
      shop: row.shop,
      topic: row.topic as WebhookTopic,
      // A waiting delivery always has its payload; only applied ones lose it.
      payload: JSON.parse(row.payload ?? "null") as unknown,
      receivedAt: dateOf(row.received_at) as Date,
      attempts: Number(row.attempts),
    }))
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Marks deliveries applied. Their payloads (customers' names, emails, addresses) go: each row keeps what
 * deduplication and the queue's audit need — id, shop, topic, times, status, attempts (docs/privacy.md).
 */
export async function completeDeliveries(db: TallyDatabase, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  // One statement for a settled batch: a round trip per delivery was one of the worker's largest costs on
  // PostgreSQL (docs/decisions/062-one-read-and-one-write-per-batch.md).
  await db.sql.run(
    `UPDATE webhook_deliveries SET status = 'done', processed_at = ?, last_error = NULL, payload = NULL WHERE id IN (${placeholders(ids.length)})`,
    [now, ...ids],
  );
}

/** Schedules another attempt with backoff, or gives up after MAX_ATTEMPTS and keeps the error. */
export async function failDelivery(db: TallyDatabase, delivery: ClaimedDelivery, error: unknown, now: Date): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const gaveUp = delivery.attempts >= MAX_ATTEMPTS;
  await db.sql.run("UPDATE webhook_deliveries SET status = ?, last_error = ?, run_after = ? WHERE id = ?", [
    gaveUp ? "failed" : "queued",
    message.slice(0, 2000),
    new Date(now.getTime() + backoffMs(delivery.attempts)),
    delivery.id,
  ]);
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
