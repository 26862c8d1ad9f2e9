// The one SQLite connection of an app process, shared by Prisma (through sqlite-prisma-adapter.server.ts), the
// ledger writer and the webhook intake, so that a unit of work (docs/decisions/020-a-delivery-is-one-transaction.md)
// can put all three in one transaction. A connection is one transaction at a time: whoever uses it takes its gate
// first, and a transaction holds the gate until it commits or rolls back, so nothing else in this process can slip
// a statement into it.
//
// Waiting for SQLite's write lock, which another process may hold, must not block the event loop (Shopify's
// webhooks are answered from it, and a test may hold the lock from this very process): SQLite itself waits only a
// few milliseconds (busy_timeout) and a busy connection is tried again after yielding, for up to LOCK_WAIT_MS.
import { AsyncLocalStorage } from "node:async_hooks";
import Database from "better-sqlite3";
import { WAL_RESTART_PAGES } from "./wal-checkpoint-cadence";

const BUSY_TIMEOUT_MS = 5;
/**
 * The WAL is copied into the database once it holds this many pages (40 MB), by the connection whose commit
 * passes it; SQLite's default is 1,000. Each copy ends in an fsync, which settlement waited on every few dozen
 * deliveries, and a page written many times between two copies (a balance, a daily sum) is copied once
 * (docs/decisions/052-settlement-beside-the-intake.md).
 */
const WAL_CHECKPOINT_PAGES = 10_000;
/**
 * The longest the settlement thread waits for the main thread's writes before it takes the lock anyway: under an
 * intake that never stops, settlement still gets its turns.
 */
const GIVE_WAY_MS = 10;
/** How long any write waits for another process's write lock before it fails: as long everywhere in the app. */
export const LOCK_WAIT_MS = 5_000;

export interface SqliteConnection {
  raw: Database.Database;
  /**
   * Runs `work` with the connection to itself, after whoever has it now. Called from inside a unit of work's
   * async context it fails at once (it would wait for the unit, which waits for it), unless the context is "maybe
   * another's": Prisma runs a batched findUnique in the async context of whichever call scheduled the batch,
   * which may be a unit's while the call is not; such a call waits, and fails only after SELF_WAIT_MS.
   */
  exclusive<T>(work: () => T | Promise<T>, context?: "own" | "maybe another's"): Promise<T>;
  /**
   * Runs `write` with the connection to itself, again after a pause while another process holds the write lock.
   * `write` must be one statement or its own transaction: a busy error means it changed nothing.
   */
  write<T>(write: () => T | Promise<T>, context?: "own" | "maybe another's"): Promise<T>;
  /**
   * Takes the connection and opens `BEGIN IMMEDIATE` (the write lock, taken now, waiting for it as any write does);
   * returns how to give the connection back. Prisma also opens transactions of its own for some single operations
   * (an updateMany, an upsert), whose writes could not wait for the lock inside a deferred transaction.
   */
  begin(): Promise<() => void>;
  /** True when this connection gives way to another thread's writes (writeTurns) and one is waiting now. */
  othersWaiting(): boolean;
  /** True inside a unit of work on this connection, where only the unit's transaction may use it. */
  inUnit(): boolean;
  /** Marks the async context of a unit of work on this connection. */
  runUnit<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // Prisma's adapter wraps the driver's error and keeps its code.
  const original = (error as { cause?: { originalCode?: string } }).cause?.originalCode;
  return [code, original].some((c) => c === "SQLITE_BUSY" || c === "SQLITE_BUSY_SNAPSHOT" || c === "SQLITE_LOCKED");
}

const OUTSIDE_THE_UNIT = "This database call is outside the unit of work it runs in: use the unit's database (tx), not the one that opened it.";
/**
 * How long a call that may come from a unit of work waits for the connection before it is taken for one that
 * does (and would wait for itself): longer than any unit of work lasts in practice, shorter than Prisma's limits.
 */
const SELF_WAIT_MS = 10_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Write turns between the main thread and the settlement thread (app/webhooks/settlement-thread.server.ts), in
 * two counters both see: how many of the main thread's writes wait for SQLite's write lock now (WAITING), and how
 * many times the settlement thread has let go of it (RELEASES). SQLite has no queue for its lock, and a thread
 * that works transaction after transaction would keep the intake waiting behind it. So the main thread's writes
 * do not block the event loop in SQLite's busy wait: they say that they wait and try again as soon as the
 * settlement thread lets go (Atomics.waitAsync). The settlement thread gives way to them before it takes the lock
 * and, between deliveries, ends its transaction early (docs/decisions/052-settlement-beside-the-intake.md).
 */
const WAITING = 0;
const RELEASES = 1;
/**
 * How many batches of deliveries the main thread has handed to the settlement thread to store and waits for
 * (app/queue/delivery-intake-store.server.ts): the thread ends its transaction early for them as for a waiting
 * write, but does not wait before it begins one, since they wait for the thread itself.
 */
const HANDED_STORES = 2;
// Node has it (V8, ES2024); the project's TypeScript library is older.
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { value: Promise<string> | string };
}).waitAsync;
const turns: { waiting: Int32Array | null; givesWay: boolean } = { waiting: null, givesWay: false };
const openConnections = new Set<Database.Database>();

export function shareWriteTurns(buffer: SharedArrayBuffer, role: "asks" | "gives-way"): void {
  turns.waiting = new Int32Array(buffer);
  turns.givesWay = role === "gives-way";
  // The main thread waits for the lock only between its own retries, never inside SQLite, which would block the
  // loop; neither thread copies the WAL into the database (an fsync): the checkpoint thread does.
  for (const raw of openConnections) setTurns(raw);
}

function setTurns(raw: Database.Database): void {
  if (turns.givesWay) {
    raw.pragma(`wal_autocheckpoint = ${WAL_RESTART_PAGES}`);
    return;
  }
  raw.pragma("busy_timeout = 0");
  raw.pragma("wal_autocheckpoint = 0");
}

/** A shared counter for shareWriteTurns. */
export function writeTurnsBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
}

/** In the main thread: a batch of deliveries was handed to the settlement thread to store (1), or answered (-1). */
export function countHandedStore(change: 1 | -1): void {
  if (turns.waiting && !turns.givesWay) Atomics.add(turns.waiting, HANDED_STORES, change);
}

function othersWaiting(): boolean {
  const waiting = turns.waiting;
  return turns.givesWay && waiting !== null && (Atomics.load(waiting, WAITING) > 0 || Atomics.load(waiting, HANDED_STORES) > 0);
}

/** In the settlement thread, once it has let go of the write lock: wakes the main thread's waiting writes. */
function letGo(): void {
  const waiting = turns.waiting;
  if (!turns.givesWay || !waiting) return;
  Atomics.add(waiting, RELEASES, 1);
  if (Atomics.load(waiting, WAITING) > 0) Atomics.notify(waiting, RELEASES);
}

/** In the settlement thread, before taking the write lock: waits (the thread's own loop only) while the main thread's writes do. */
function giveWay(): void {
  const waiting = turns.waiting;
  if (!turns.givesWay || !waiting) return;
  const until = performance.now() + GIVE_WAY_MS;
  for (let count = Atomics.load(waiting, WAITING); count > 0 && performance.now() < until; count = Atomics.load(waiting, WAITING)) {
    Atomics.wait(waiting, WAITING, count, 2);
  }
}

/**
 * SQLite has no queue for its write lock: whoever asks at the moment it is free gets it. A process that works
 * transaction after transaction frees it only briefly, so waiters ask again often, and at random moments.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const asking = turns.givesWay ? null : turns.waiting;
  let counted = false;
  try {
    for (;;) {
      const releases = asking ? Atomics.load(asking, RELEASES) : 0;
      try {
        return await attempt();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        if (!asking) {
          await pause(1 + Math.random() * 3);
          continue;
        }
        if (!counted) {
          Atomics.add(asking, WAITING, 1);
          counted = true;
        }
        // Until the settlement thread lets go (at once if it already has); another process may hold the lock too.
        await waitAsync(asking, RELEASES, releases, 4).value;
      }
    }
  } finally {
    if (asking && counted) {
      Atomics.sub(asking, WAITING, 1);
      Atomics.notify(asking, WAITING);
    }
  }
}

/** A SQLite connection set up for Tally: WAL so readers never block the writer, foreign keys on. */
export function openSqlite(file: string, busyTimeoutMs = LOCK_WAIT_MS): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // NORMAL keeps every committed transaction across an app crash; only an OS crash can lose the last ones.
  db.pragma("synchronous = NORMAL");
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma("foreign_keys = ON");
  return db;
}

/** A promise queue: one holder at a time, in the order they asked. */
function gate() {
  let tail: Promise<void> = Promise.resolve();
  return async function acquire(): Promise<() => void> {
    let open!: () => void;
    const released = new Promise<void>((resolve) => (open = resolve));
    const previous = tail;
    tail = previous.then(() => released);
    await previous;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      open();
    };
  };
}

export function openSqliteConnection(file: string): SqliteConnection {
  const raw = openSqlite(file, BUSY_TIMEOUT_MS);
  if (turns.waiting) setTurns(raw);
  openConnections.add(raw);
  const acquire = gate();
  const unit = new AsyncLocalStorage<true>();

  async function exclusive<T>(work: () => T | Promise<T>, context: "own" | "maybe another's" = "own"): Promise<T> {
    // Inside a unit of work the connection is the unit's: waiting for it would wait for ourselves.
    if (unit.getStore() && context === "own") throw new Error(OUTSIDE_THE_UNIT);
    const release = unit.getStore() ? await acquireWithin(SELF_WAIT_MS) : await acquire();
    try {
      return await work();
    } finally {
      release();
      letGo();
    }
  }

  /**
   * The gate, for a call whose async context may be a unit's without being from it: waits as anyone would, and
   * takes a wait this long to be a unit waiting for itself after all.
   */
  async function acquireWithin(ms: number): Promise<() => void> {
    const pending = acquire();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
    const release = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (release) return release;
    // Its turn still comes: give it straight back.
    void pending.then((turn) => turn());
    throw new Error(OUTSIDE_THE_UNIT);
  }

  const write = <T>(work: () => T | Promise<T>, context?: "own" | "maybe another's") =>
    exclusive(() => {
      giveWay();
      return retryWhileBusy(work);
    }, context);

  return {
    raw,
    exclusive,
    write,
    async begin() {
      // Every statement on this connection resolves at once, so a caller that opens unit after unit (a job's
      // turns) would run on promise callbacks alone and hold the thread: no timer, message or I/O of anyone else's
      // would run until it stopped. In the settlement thread the minute's job run kept settlement from starting for
      // a whole second that way. Each unit first lets them run, then waits its turn at the gate.
      await new Promise((resolve) => setImmediate(resolve));
      const release = await acquire();
      try {
        giveWay();
        await retryWhileBusy(() => raw.exec("BEGIN IMMEDIATE"));
      } catch (error) {
        release();
        throw error;
      }
      return () => {
        release();
        letGo();
      };
    },
    othersWaiting,
    inUnit: () => unit.getStore() === true,
    runUnit: (work) => unit.run(true, work),
    close: () => {
      openConnections.delete(raw);
      raw.close();
    },
  };
}
