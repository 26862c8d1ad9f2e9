// The durable queue behind the webhook routes. A route verifies the delivery, stores it here and answers 200;
// the work runs afterwards, from this table, so a crash after the answer loses nothing: whatever is still queued
// (on PostgreSQL, also what was claimed and whose lease ran out mid-work) is picked up again by the next worker,
// in this process or after a restart.
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
  /** The number of the attempt now being made: 1 the first time. */
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
// the few whose lease or backoff has not ended: a claim then costs the same however deep the queue. Read off an
// index on (status, run_after) instead, every due delivery was sorted on each claim: 3 ms a claim at 10,000 queued,
// against 0.15 ms, so that a queue that had grown made settling slower still
// (docs/decisions/054-settlement-in-gathered-batches.md). SQLite's planner, without statistics, would take another
// index; it is named.
const SQLITE_QUEUE = "webhook_deliveries INDEXED BY webhook_deliveries_status_received_at_id_idx";
/**
 * How many of the oldest due deliveries a claim looks through: for a shop that no one is settling, then for that
 * shop's batch.
 */
const CLAIM_CANDIDATES = 100;
// One shop per claim (docs/decisions/072-an-instance-claims-one-shop-at-a-time.md). Settling a shop takes its lock,
// so a batch of several shops waited for every one of them, and instances whose batches shared any shop settled
// one after another. The oldest due deliveries are read once, in order (a materialized CTE is read back in the
// order it was written); the shop is the first of them whose settlement lock is free at this moment (probed with
// a transaction-level try, let go as the claim commits, and only until one is free), and the batch is its
// deliveries among them, each locked by its primary key and checked again as it is locked. Every other shape tried
// let PostgreSQL read the batch off the (shop, received_at) index, passing over every delivery the shop had
// settled, or join the candidates once per queued delivery: 5–22 ms a claim in the bench.
const POSTGRES_CLAIM = `WITH candidates AS MATERIALIZED (
    SELECT id, shop, received_at FROM webhook_deliveries WHERE status = 'queued' AND run_after <= ?
    ORDER BY received_at, id LIMIT ${CLAIM_CANDIDATES}),
  chosen AS (SELECT shop FROM candidates WHERE pg_try_advisory_xact_lock(hashtextextended(CAST(? AS text) || shop, 0)) LIMIT 1),
  batch AS (SELECT id FROM candidates WHERE shop = (SELECT shop FROM chosen) ORDER BY received_at, id LIMIT ?)
  UPDATE webhook_deliveries SET run_after = ?, attempts = attempts + 1
  WHERE id IN (SELECT locked.id FROM batch, LATERAL (SELECT id FROM webhook_deliveries AS queued
      WHERE queued.id = batch.id AND queued.status = 'queued' AND queued.run_after <= ? FOR UPDATE SKIP LOCKED) AS locked)
  RETURNING id, shop, topic, payload, received_at, attempts`;
const SQLITE_TAKE = `SELECT id, shop, topic, payload, received_at, attempts + 1 AS attempts FROM ${SQLITE_QUEUE}
  WHERE status = 'queued' AND run_after <= ? ORDER BY received_at, id LIMIT ?`;
const SQLITE_ANY_DUE = `SELECT 1 AS due FROM ${SQLITE_QUEUE} WHERE status = 'queued' AND run_after <= ? LIMIT 1`;
const SQLITE_TAKE_ONE = "SELECT id, shop, topic, payload, received_at, attempts + 1 AS attempts FROM webhook_deliveries WHERE id = ? AND status = 'queued'";

function claimedOf(rows: ClaimRow[]): ClaimedDelivery[] {
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
 * PostgreSQL: takes up to `limit` deliveries of one shop that are due, oldest first, each under a lease, in one
 * statement and a transaction of its own, before the unit of work that settles them. The shop is the one of the
 * oldest due delivery whose settlement lock (`shopLockPrefix` and the shop's domain, as
 * settlement-lock.server.ts names it) no one holds: another instance settling a shop leaves it to them, and this
 * one takes the next shop. Nothing is taken when every shop of the oldest due deliveries is being settled.
 * `FOR UPDATE SKIP LOCKED` lets several app instances claim at the same moment, each passing over the rows another
 * is taking instead of waiting for them or taking them twice; the lease hands a delivery on should its instance die
 * while settling it.
 */
export async function claimDueDeliveries(db: TallyDatabase, now: Date, limit: number, shopLockPrefix: string): Promise<ClaimedDelivery[]> {
  if (db.kind !== "postgres") throw new Error("SQLite takes its deliveries inside the unit that settles them (takeDueDeliveries)");
  return claimedOf(await db.sql.all<ClaimRow>(POSTGRES_CLAIM, [now, shopLockPrefix, limit, new Date(now.getTime() + LEASE_MS), now]));
}

/**
 * SQLite: up to `limit` due deliveries, oldest first, read inside the unit of work `tx` that settles them. The
 * unit's `BEGIN IMMEDIATE` holds the database's write lock until it ends, so no other thread or process can take
 * them meanwhile, and should this one die, they are still queued and due: nothing marks them taken. A lease, as
 * PostgreSQL's claim writes, cost a transaction and a commit of its own, and rewrote each row, payload and all
 * (docs/decisions/066-sqlite-takes-deliveries-in-the-settling-unit.md). Each comes with the number of this attempt.
 */
export async function takeDueDeliveries(tx: TallyDatabase, now: Date, limit: number): Promise<ClaimedDelivery[]> {
  return claimedOf(await tx.sql.all<ClaimRow>(SQLITE_TAKE, [now, limit]));
}

/**
 * SQLite: whether any delivery is due now, read outside a unit of work (no write lock). A unit that opens to find
 * the queue empty costs about ten times this read (about 280 µs of CPU against 27, through Prisma's transaction).
 */
export async function anyDueDelivery(db: TallyDatabase, now: Date): Promise<boolean> {
  return (await db.sql.get(SQLITE_ANY_DUE, [now])) !== undefined;
}

/** SQLite: the delivery `id`, inside the unit `tx`, while it is still queued; null once it was settled or failed. */
export async function takeQueuedDelivery(tx: TallyDatabase, id: string): Promise<ClaimedDelivery | null> {
  return claimedOf(await tx.sql.all<ClaimRow>(SQLITE_TAKE_ONE, [id]))[0] ?? null;
}

/**
 * Marks deliveries applied. Their payloads (customers' names, emails, addresses) go: each row keeps what
 * deduplication and the queue's audit need — id, shop, topic, times, status, attempts (docs/privacy.md).
 */
export async function completeDeliveries(db: TallyDatabase, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  // PostgreSQL's claim counted the attempt already; SQLite's take counts it here, with the outcome.
  const attempts = db.kind === "sqlite" ? ", attempts = attempts + 1" : "";
  // One statement for a settled batch: a round trip per delivery was one of the worker's largest costs on
  // PostgreSQL (docs/decisions/062-one-read-and-one-write-per-batch.md).
  await db.sql.run(
    `UPDATE webhook_deliveries SET status = 'done', processed_at = ?, last_error = NULL, payload = NULL${attempts} WHERE id IN (${placeholders(ids.length)})`,
    [now, ...ids],
  );
}

/** Schedules another attempt with backoff, or gives up after MAX_ATTEMPTS and keeps the error. */
export async function failDelivery(db: TallyDatabase, delivery: ClaimedDelivery, error: unknown, now: Date): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const gaveUp = delivery.attempts >= MAX_ATTEMPTS;
  await db.sql.run("UPDATE webhook_deliveries SET status = ?, last_error = ?, run_after = ?, attempts = ? WHERE id = ?", [
    gaveUp ? "failed" : "queued",
    message.slice(0, 2000),
    new Date(now.getTime() + backoffMs(delivery.attempts)),
    delivery.attempts,
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
