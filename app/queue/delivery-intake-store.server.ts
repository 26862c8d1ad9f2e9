// The one write a webhook makes before Shopify gets its answer: the delivery, into the durable queue. It runs on
// the database driver (a prepared INSERT … ON CONFLICT DO NOTHING), not through Prisma, because it is on the
// path every delivery waits on: Prisma's create costs about seven times as much for this one row
// (docs/performance.md, docs/decisions/011-webhook-intake-ahead-of-remix.md).
import type pg from "pg";
import type { SqliteConnection } from "~/db/sqlite-connection.server";
import { timestampText } from "~/db/sqlite-timestamp";
import type { Delivery } from "./delivery";

/** One delivery as the enqueue statement takes it (params). */
export type IntakeRow = unknown[];
/** Stores rows in one transaction; for each, whether it was stored (as DeliveryIntake.enqueue answers). */
export type IntakeWriter = (rows: IntakeRow[]) => Promise<boolean[]>;

export interface DeliveryIntake {
  /**
   * Stores a delivery; false when this webhook id was already received (a redelivery), or when the shop is not
   * installed: never installed, uninstalled, or erased by shop/redact. Shopify retries a delivery for 48 hours, so
   * such deliveries still arrive; they are answered 200 and nothing of them is kept.
   */
  enqueue(delivery: Delivery): Promise<boolean>;
  /**
   * SQLite: hands each batch to `writer` (the settlement thread's connection) instead of storing it on this one;
   * null stores here again. A batch the writer fails is stored here.
   */
  storeThrough?(writer: IntakeWriter | null): void;
  /** SQLite: stores rows another thread's intake handed over, on this connection. */
  storeRows?: IntakeWriter;
}

// The shop check is part of the insert: one statement, one primary-key probe of `shops`, no extra round trip.
// (A SELECT feeding an upsert needs its WHERE clause on SQLite, which it has.)
const enqueueSql = (timestamp: string) => `INSERT INTO webhook_deliveries (id, shop, topic, payload, received_at, status, attempts, run_after)
  SELECT ?, ?, ?, ?, ${timestamp}, 'queued', 0, ${timestamp} FROM shops WHERE domain = ? AND uninstalled_at IS NULL
  ON CONFLICT (id) DO NOTHING`;

function params(delivery: Delivery): unknown[] {
  const receivedAt = timestampText(delivery.receivedAt);
  const dueAt = delivery.dueAt ? timestampText(delivery.dueAt) : receivedAt;
  return [delivery.id, delivery.shop, delivery.topic, JSON.stringify(delivery.payload), receivedAt, dueAt, delivery.shop];
}

interface Waiting {
  delivery: Delivery;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}

/**
 * Deliveries that arrive while the event loop is busy are stored together, in one transaction, just before the
 * loop next waits for input: one commit instead of one per delivery, and each webhook is still answered only
 * after its own row is committed. Deliveries that arrive while a batch is being stored are stored together right
 * after it, unless `overlaps()` says a batch need not wait for the one before.
 */
function gatheredIntake(write: (deliveries: Delivery[]) => Promise<boolean[]>, overlaps: () => boolean): DeliveryIntake["enqueue"] {
  let waiting: Waiting[] = [];
  let flushing = false;

  async function store(batch: Waiting[]) {
    let stored: boolean[];
    try {
      stored = await write(batch.map((entry) => entry.delivery));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(stored[index] === true));
  }

  async function flush() {
    flushing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        if (overlaps()) void store(batch);
        else await store(batch);
      }
    } finally {
      flushing = false;
    }
  }

  return (delivery) =>
    new Promise<boolean>((resolve, reject) => {
      if (waiting.length === 0 && !flushing) setImmediate(() => void flush());
      waiting.push({ delivery, resolve, reject });
    });
}

/**
 * SQLite's intake: the connection is the app's one (it waits its turn behind a unit of work, and for another
 * process's write lock as long as any write does).
 *
 * With settlement on its own thread, the batches are handed to that thread's connection (storeThrough), which
 * stores them between two of its transactions: two connections writing by turns each found its page cache
 * emptied by the other's every commit, and waited for SQLite's lock, which left settlement half as fast while
 * deliveries arrived as once they stopped (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md).
 * A batch handed to the settlement thread does not wait for the answer to the one before: both are stored as soon
 * as the thread's transaction in hand ends.
 */
export function sqliteDeliveryIntake(connection: SqliteConnection): DeliveryIntake {
  const insert = connection.raw.prepare(enqueueSql("?"));
  const insertAll = connection.raw.transaction((rows: IntakeRow[]) => rows.map((row) => insert.run(...row).changes === 1));
  const storeHere: IntakeWriter = (rows) => connection.write(() => insertAll.immediate(rows));
  let through: IntakeWriter | null = null;

  async function write(deliveries: Delivery[]): Promise<boolean[]> {
    const rows = deliveries.map(params);
    const handed = through;
    if (handed) {
      // The insert skips a webhook id already stored, so a batch the thread stored before it failed to answer
      // is not stored twice here.
      try {
        return await handed(rows);
      } catch {
        // Stored here instead; the writer tells why it failed (app/webhooks/handed-stores.server.ts).
      }
    }
    return storeHere(rows);
  }

  return {
    enqueue: gatheredIntake(write, () => through !== null),
    storeThrough(writer) {
      through = writer;
    },
    storeRows: storeHere,
  };
}

// PostgreSQL's form takes a batch as one array per column: one statement, prepared once, for any batch's size.
const POSTGRES_ENQUEUE = `INSERT INTO webhook_deliveries (id, shop, topic, payload, received_at, status, attempts, run_after)
  SELECT d.id, d.shop, d.topic, d.payload, d.received_at, 'queued', 0, d.run_after
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp(3)[], $6::timestamp(3)[])
    AS d (id, shop, topic, payload, received_at, run_after)
  WHERE EXISTS (SELECT 1 FROM shops WHERE domain = d.shop AND uninstalled_at IS NULL)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/**
 * PostgreSQL's intake: each batch is one statement (its own transaction) on the pool, the next batch gathering
 * while it commits. A statement per delivery cost the main thread a round trip, and PostgreSQL a commit, for every
 * webhook (docs/decisions/063-the-intake-gathers-on-postgresql.md).
 */
export function postgresDeliveryIntake(pool: pg.Pool): DeliveryIntake {
  async function write(deliveries: Delivery[]): Promise<boolean[]> {
    const rows = deliveries.map(params);
    // id, shop, topic, payload, received_at, run_after: the first six of a row's params.
    const columns = [0, 1, 2, 3, 4, 5].map((index) => rows.map((row) => row[index]));
    const result = await pool.query<{ id: string }>({ name: "tally_enqueue_deliveries", text: POSTGRES_ENQUEUE, values: columns });
    // A webhook id twice in one batch (Shopify sending again at once) is stored once: the first of them is.
    const stored = new Set(result.rows.map((row) => row.id));
    return deliveries.map((delivery) => stored.delete(delivery.id));
  }
  return { enqueue: gatheredIntake(write, () => false) };
}
