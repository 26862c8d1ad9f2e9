// Opens Tally's database from a DATABASE_URL: the Prisma client for everything but ledger writes, and the
// ledger writer, which runs on the same driver Prisma's adapter uses (docs/decisions/004-ledger-writes-on-the-driver.md),
// and units of work that make both one transaction (docs/decisions/020-a-delivery-is-one-transaction.md).
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { LedgerStore } from "~/loyalty/ledger/ledger-store";
import { createLedgerWriter, type LedgerWriter, type LedgerWriterOptions } from "~/loyalty/ledger/ledger-writer";
import { createPostgresLedgerStore, postgresLedgerStoreInTransaction } from "~/loyalty/ledger/postgres-ledger-store.server";
import { createSqliteLedgerStore } from "~/loyalty/ledger/sqlite-ledger-store.server";
import { postgresDeliveryIntake, sqliteDeliveryIntake, type DeliveryIntake } from "~/queue/delivery-intake-store.server";
import { databaseKind, postgresSchema, sqliteFilePath, type DatabaseKind } from "./database-url";
import { postgresDriverSql, sqliteDriverSql, type DriverSql } from "./driver-sql.server";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { PrismaClient as SqlitePrismaClient, type Prisma as SqlitePrisma } from "./generated/sqlite/client";
import { openSqliteConnection } from "./sqlite-connection.server";
import { sqlitePrismaAdapter } from "./sqlite-prisma-adapter.server";

export { openSqlite } from "./sqlite-connection.server";

/**
 * The two generated clients have the same models; the SQLite one's type stands for both
 * (prisma/postgres/schema.prisma is generated from prisma/schema.prisma, so they cannot drift).
 */
export type Prisma = SqlitePrismaClient;

/** What reading a model takes: no create, update, upsert or delete. */
type ReadMethods = "findUnique" | "findUniqueOrThrow" | "findFirst" | "findFirstOrThrow" | "findMany" | "count" | "aggregate" | "groupBy";
type ModelKey = Uncapitalize<SqlitePrisma.ModelName>;

/**
 * Prisma for reading: every model's find, count, aggregate and groupBy, and `$queryRaw` for the reads Prisma's
 * query builder cannot express. Adapters (admin pages, shopper API, jobs, webhooks, compliance, routes, the demo)
 * read through it and write by calling the table's owner (docs/decisions/024-one-writer-per-table.md). At runtime
 * it is the same client.
 */
export type ReadOnlyPrisma = { readonly [M in ModelKey]: Pick<Prisma[M], ReadMethods> } & Pick<Prisma, "$queryRaw">;

export interface TallyDatabase {
  kind: DatabaseKind;
  /** Reads and writes: for the tables' owners (app/db/table-owners.mjs). Inside a unit of work, the unit's. */
  prisma: Prisma;
  /** The same client, typed for reading only; inside a unit of work, the unit's. */
  read: ReadOnlyPrisma;
  ledger: LedgerWriter;
  /**
   * Prepared statements on the driver, for the statements every delivery runs (docs/decisions/033-settlement-on-the-driver.md);
   * each lives in its table's owner. Inside a unit of work, on the unit's connection and in its transaction.
   */
  sql: DriverSql;
  /** Stores incoming webhook deliveries in the queue, on the driver (the webhook's answer waits on it). */
  deliveries: DeliveryIntake;
  /**
   * Runs `work` while holding a named lock: across every app instance on PostgreSQL (an advisory lock), within
   * this process on SQLite (one SQLite file is one instance's). Settling an order holds its shop's settlement lock.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` as one unit of work: everything it does through `tx` (Prisma and the ledger) commits together or
   * not at all. On SQLite it is one `BEGIN IMMEDIATE` transaction, which also keeps every other process and every
   * other caller in this one out until it ends; on PostgreSQL one transaction on one connection. A unit opened
   * inside another joins it. Take named locks (withLock) before opening the unit, not inside it.
   */
  transaction<T>(work: (tx: TallyDatabase) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in a savepoint of the unit of work this database is (opening one when it is not): when `work`
   * fails, what it wrote is rolled back and the error thrown, while the rest of the unit goes on.
   */
  savepoint<T>(work: (tx: TallyDatabase) => Promise<T>): Promise<T>;
  /**
   * True when another thread's writes wait for this one to let go of SQLite's write lock (the main thread's, in
   * the settlement thread: sqlite-connection.server.ts, "write turns"); a long unit of work then ends early.
   * Always false on PostgreSQL, whose writers do not wait on one lock.
   */
  writeLockWanted(): boolean;
  /**
   * The same database, with a ledger writer that stamps transfers by `clock`: the demo seed replays a year of
   * history through the real handlers, each event at its own moment. Closing either closes both.
   */
  withClock(clock: () => Date): TallyDatabase;
  close(): Promise<void>;
}

/**
 * What a command writes through: a database or a unit of work (TallyDatabase), so that adapters hand over their
 * `db` and never hold a writing client, or a Prisma client as the owners pass one within a unit.
 */
export type Writer = TallyDatabase | Prisma;

/** The client to write through: the database's (the unit's, inside one), or the client the caller passed. */
export function prismaOf<P = Prisma>(writer: TallyDatabase | P): Prisma | P {
  return isDatabase(writer) ? writer.prisma : writer;
}

function isDatabase(writer: unknown): writer is TallyDatabase {
  return typeof (writer as Partial<TallyDatabase>).withClock === "function";
}

type Parts = Omit<TallyDatabase, "ledger" | "withClock" | "transaction" | "read" | "savepoint"> & {
  /** withLock as it runs inside a unit of work. */
  unitLock: TallyDatabase["withLock"];
};

/** How a database opens a unit of work: `work` gets the unit's Prisma client, ledger store and driver statements. */
type OpenUnit = <T>(work: (prisma: Prisma, store: LedgerStore, sql: DriverSql) => Promise<T>) => Promise<T>;


function assemble(parts: Parts, store: LedgerStore, options: LedgerWriterOptions, openUnit: OpenUnit | null): TallyDatabase {
  const database: TallyDatabase = {
    ...parts,
    read: parts.prisma,
    ledger: createLedgerWriter(store, options),
    withClock: (clock) => assemble(parts, store, { ...options, clock }, openUnit),
    // Inside a unit (openUnit null) a nested unit is the same one.
    transaction: (work) =>
      openUnit
        ? openUnit((prisma, unitStore, sql) => work(assemble({ ...parts, prisma, sql, withLock: parts.unitLock }, unitStore, options, null)))
        : work(database),
    savepoint: (work) => {
      if (openUnit) return database.transaction(work);
      // One name for all: SQLite and PostgreSQL release and roll back to the most recent savepoint of a name.
      return (async () => {
        await parts.sql.exec("SAVEPOINT tally_unit");
        try {
          const result = await work(database);
          await parts.sql.exec("RELEASE SAVEPOINT tally_unit");
          return result;
        } catch (error) {
          await parts.sql.exec("ROLLBACK TO SAVEPOINT tally_unit");
          await parts.sql.exec("RELEASE SAVEPOINT tally_unit");
          throw error;
        }
      })();
    },
  };
  return database;
}

/** Lock names held by the running async context, so that taking a held lock again runs at once. */
const heldLocks = new AsyncLocalStorage<ReadonlySet<string>>();

function reentrant(lock: TallyDatabase["withLock"]): TallyDatabase["withLock"] {
  return (name, work) => {
    const held = heldLocks.getStore() ?? new Set<string>();
    if (held.has(name)) return work();
    return lock(name, () => heldLocks.run(new Set([...held, name]), work));
  };
}

/** A per-name queue of promises: callers with the same name run one after another. */
function processLocks(): TallyDatabase["withLock"] {
  const tails = new Map<string, Promise<unknown>>();
  return reentrant(async (name, work) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    try {
      return await run;
    } finally {
      if (tails.get(name) === tail) tails.delete(name);
    }
  });
}

function advisoryLocks(pool: pg.Pool): TallyDatabase["withLock"] {
  return reentrant(async (name, work) => {
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [name]);
      try {
        return await work();
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]);
      }
    } finally {
      client.release();
    }
  });
}

// Prisma's transaction timeouts: the wait for a connection covers SQLite's wait for another process's write lock
// (app/db/sqlite-connection.server.ts); a unit of work that runs longer than a minute is stopped and rolled back.
const UNIT_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

/**
 * On PostgreSQL a unit's ledger writes must run on the connection of Prisma's transaction. Prisma's adapter takes
 * that connection from our pool when the transaction starts, inside the unit's async context: the pool hands it
 * to the unit there.
 */
const unitConnection = new AsyncLocalStorage<{ client?: pg.PoolClient }>();

class UnitAwarePool extends pg.Pool {
  override connect(...args: unknown[]): never {
    const slot = unitConnection.getStore();
    if (args.length > 0 || !slot || slot.client) return (super.connect as (...a: unknown[]) => never)(...args);
    return super.connect().then((client) => {
      slot.client ??= client;
      return client;
    }) as never;
  }
}

export interface OpenOptions extends LedgerWriterOptions {
  /** Folder a relative SQLite path is taken from. */
  root?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL schema to use instead of public (tests give each run its own). */
  schema?: string;
}

export function openDatabase(url: string, options: OpenOptions = {}): TallyDatabase {
  const kind = databaseKind(url);
  if (kind === "postgres") {
    const { connectionString, schema: urlSchema } = postgresSchema(url);
    const schema = options.schema ?? urlSchema;
    const pool = new UnitAwarePool({
      connectionString,
      max: options.poolSize ?? 10,
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    const client = prisma as unknown as Prisma;
    const parts: Parts = {
      kind,
      prisma: client,
      sql: postgresDriverSql(pool),
      deliveries: postgresDeliveryIntake(pool),
      writeLockWanted: () => false,
      withLock: advisoryLocks(pool),
      // Inside a unit, a lock it did not take first is a transaction-level advisory lock on the unit's own
      // connection: PostgreSQL sees every wait, and ends a deadlock instead of hanging.
      unitLock: reentrant(async (name, work) => {
        const held = unitConnection.getStore()?.client;
        if (!held) throw new Error("no unit of work is open here");
        await held.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [name]);
        return work();
      }),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
    const openUnit: OpenUnit = (work) => {
      const slot: { client?: pg.PoolClient } = {};
      return unitConnection.run(slot, () =>
        client.$transaction(async (tx) => {
          if (!slot.client) throw new Error("Prisma's transaction did not take its connection from Tally's pool");
          return work(tx as Prisma, postgresLedgerStoreInTransaction(slot.client), postgresDriverSql(slot.client));
        }, UNIT_OPTIONS),
      );
    };
    return assemble(parts, createPostgresLedgerStore(pool), options, openUnit);
  }
  const file = sqliteFilePath(url, options.root ?? process.cwd());
  const connection = openSqliteConnection(file);
  const prisma = new SqlitePrismaClient({ adapter: sqlitePrismaAdapter(connection) });
  const ledgerStores = createSqliteLedgerStore(connection);
  // Inside a unit of work the unit holds the connection and its transaction: its statements run at once.
  const unitSql = sqliteDriverSql(connection.raw, (work) => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  });
  const parts: Parts = {
    kind,
    prisma,
    sql: sqliteDriverSql(connection.raw, (work) => connection.write(work)),
    deliveries: sqliteDeliveryIntake(connection),
    writeLockWanted: () => connection.othersWaiting(),
    withLock: processLocks(),
    // A unit of work on SQLite holds the database's write lock and this process's one connection: no one else
    // can be in the middle of anything a named lock would guard, and waiting for one could wait for ourselves.
    unitLock: (_name, work) => work(),
    async close() {
      await prisma.$disconnect();
      connection.close();
    },
  };
  const openUnit: OpenUnit = (work) =>
    connection.runUnit(() => prisma.$transaction((tx) => work(tx as Prisma, ledgerStores.inTransaction, unitSql), UNIT_OPTIONS));
  return assemble(parts, ledgerStores.standalone, options, openUnit);
}
