// Opens Tally's database from a DATABASE_URL: the Prisma client for everything but ledger writes, and the
// ledger writer, which runs on the same driver Prisma's adapter uses (docs/decisions/004-ledger-writes-on-the-driver.md).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import type { LedgerStore } from "~/loyalty/ledger/ledger-store";
import { createLedgerWriter, type LedgerWriter, type LedgerWriterOptions } from "~/loyalty/ledger/ledger-writer";
import { createPostgresLedgerStore } from "~/loyalty/ledger/postgres-ledger-store.server";
import { createSqliteLedgerStore } from "~/loyalty/ledger/sqlite-ledger-store.server";
import { postgresDeliveryIntake, sqliteDeliveryIntake, type DeliveryIntake } from "~/webhooks/delivery-intake-store.server";
import { databaseKind, sqliteFilePath, type DatabaseKind } from "./database-url";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";

/**
 * The two generated clients have the same models; the SQLite one's type stands for both
 * (prisma/postgres/schema.prisma is generated from prisma/schema.prisma, so they cannot drift).
 */
export type Prisma = SqlitePrismaClient;

export interface TallyDatabase {
  kind: DatabaseKind;
  prisma: Prisma;
  ledger: LedgerWriter;
  /** Stores incoming webhook deliveries in the queue, on the driver (the webhook's answer waits on it). */
  deliveries: DeliveryIntake;
  /**
   * Runs `work` while holding a named lock: across every app instance on PostgreSQL (an advisory lock), within
   * this process on SQLite (one SQLite file is one instance's). Settling an order holds its order's lock.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * The same database, with a ledger writer that stamps transfers by `clock`: the demo seed replays a year of
   * history through the real handlers, each event at its own moment. Closing either closes both.
   */
  withClock(clock: () => Date): TallyDatabase;
  close(): Promise<void>;
}

type Parts = Omit<TallyDatabase, "ledger" | "withClock">;

function assemble(parts: Parts, store: LedgerStore, options: LedgerWriterOptions): TallyDatabase {
  return {
    ...parts,
    ledger: createLedgerWriter(store, options),
    withClock: (clock) => assemble(parts, store, { ...options, clock }),
  };
}

/** A per-name queue of promises: callers with the same name run one after another. */
function processLocks(): TallyDatabase["withLock"] {
  const tails = new Map<string, Promise<unknown>>();
  return async (name, work) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    try {
      return await run;
    } finally {
      if (tails.get(name) === tail) tails.delete(name);
    }
  };
}

function advisoryLocks(pool: pg.Pool): TallyDatabase["withLock"] {
  return async (name, work) => {
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
  };
}

export interface OpenOptions extends LedgerWriterOptions {
  /** Folder a relative SQLite path is taken from. */
  root?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL schema to use instead of public (tests give each run its own). */
  schema?: string;
}

/** A SQLite connection set up for Tally: WAL so readers never block the writer, waits instead of failing on a lock. */
export function openSqlite(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // NORMAL keeps every committed transaction across an app crash; only an OS crash can lose the last ones.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}

/** `?schema=name` on a PostgreSQL URL picks the schema, as in Prisma's own URLs; node-postgres does not know it. */
function splitSchema(url: string): { connectionString: string; schema: string | undefined } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}

export function openDatabase(url: string, options: OpenOptions = {}): TallyDatabase {
  const kind = databaseKind(url);
  if (kind === "postgres") {
    const { connectionString, schema: urlSchema } = splitSchema(url);
    const schema = options.schema ?? urlSchema;
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    const parts: Parts = {
      kind,
      prisma: prisma as unknown as Prisma,
      deliveries: postgresDeliveryIntake(pool),
      withLock: advisoryLocks(pool),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
    return assemble(parts, createPostgresLedgerStore(pool), options);
  }
  const file = sqliteFilePath(url, options.root ?? process.cwd());
  const raw = openSqlite(file);
  const prisma = new SqlitePrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) });
  const parts: Parts = {
    kind,
    prisma,
    deliveries: sqliteDeliveryIntake(raw),
    withLock: processLocks(),
    async close() {
      await prisma.$disconnect();
      raw.close();
    },
  };
  return assemble(parts, createSqliteLedgerStore(raw), options);
}
