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
 * after its own row is committed. The connection is the app's one (it waits its turn behind a unit of work, and
 * for another process's write lock as long as any write does). Deliveries that arrive while a store on this
 * connection waits are stored together right after it.
 *
 * With settlement on its own thread, the batches are handed to that thread's connection (storeThrough), which
 * stores them between two of its transactions: two connections writing by turns each found its page cache
 * emptied by the other's every commit, and waited for SQLite's lock, which left settlement half as fast while
 * deliveries arrived as once they stopped (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md).
 */
export function sqliteDeliveryIntake(connection: SqliteConnection): DeliveryIntake {
  const insert = connection.raw.prepare(enqueueSql("?"));
  const insertAll = connection.raw.transaction((rows: IntakeRow[]) => rows.map((row) => insert.run(...row).changes === 1));
  const storeHere: IntakeWriter = (rows) => connection.write(() => insertAll.immediate(rows));
  let through: IntakeWriter | null = null;
  let waiting: Waiting[] = [];
  let flushing = false;

  async function write(rows: IntakeRow[]): Promise<boolean[]> {
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

  async function store(batch: Waiting[]) {
    let stored: boolean[];
    try {
      stored = await write(batch.map((entry) => params(entry.delivery)));
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
        // A batch handed to the settlement thread does not wait for the answer to the one before: both are stored
        // as soon as the thread's transaction in hand ends (docs/decisions/061-…).
        if (through) void store(batch);
        else await store(batch);
      }
    } finally {
      flushing = false;
    }
  }

  return {
    enqueue(delivery) {
      return new Promise<boolean>((resolve, reject) => {
        if (waiting.length === 0 && !flushing) setImmediate(() => void flush());
        waiting.push({ delivery, resolve, reject });
      });
    },
    storeThrough(writer) {
      through = writer;
    },
    storeRows: storeHere,
  };
}

export function postgresDeliveryIntake(pool: pg.Pool): DeliveryIntake {
  let n = 0;
  // A parameter in a SELECT list has no column type to take, so the timestamps say theirs.
  const text = enqueueSql("?::timestamp(3)").replace(/\?/g, () => `$${++n}`);
  return {
    async enqueue(delivery) {
      // A named statement is parsed once per connection and reused.
      const result = await pool.query({ name: "tally_enqueue_delivery", text, values: params(delivery) });
      return result.rowCount === 1;
    },
  };
}
