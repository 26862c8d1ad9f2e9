// Seeds the database `npm run bench:admin` measures (bench/admin-dataset.ts), on SQLite or PostgreSQL, and keeps
// it: a SQLite file under .cache/bench-admin/, a PostgreSQL database named after the same key. The key covers the
// seed version, the dataset's size and the migrations, so a change to any of them seeds anew.
//
// Bulk inserts on the driver in large transactions: the ledger writer's one transaction per transfer would take
// hours for a million. Balances are still the ledger's own arithmetic (see admin-dataset.ts), and checkLedger
// re-derives them from what the database holds afterwards.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openDatabase, type OpenOptions } from "~/db/database.server";
import { rebuildOrderRollups } from "~/loyalty/earning/order-rollups-rebuild.server";
import { migratePostgres, migrateSqlite, readMigrations } from "~/db/migrations.server";
import { applyTransfer, availablePoints, sameBalances, ZERO_BALANCES, type Balances } from "~/loyalty/ledger/balances";
import { auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import { isTransferCode } from "~/loyalty/ledger/transfer-codes";
import type { TransferStatus } from "~/loyalty/ledger/transfers";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { COLUMNS, generateDataset, type DatasetOptions, type DatasetSummary, type Row, type Table } from "./admin-dataset";

/** Bump when admin-dataset.ts changes what it generates, so cached databases are seeded again. */
export const SEED_VERSION = 3;

const ROOT = path.resolve(import.meta.dirname, "..");
export const CACHE_DIR = path.join(ROOT, ".cache/bench-admin");
/** Members per transaction (and per flush of the row buffers). */
const MEMBERS_PER_BATCH = 5_000;
/** Parameters per PostgreSQL statement; the protocol allows 65,535. */
const POSTGRES_MAX_PARAMS = 60_000;
/**
 * Parents before children: transfers and balances refer to members, and a balances row is accepted only when the
 * transfer it names is already there (docs/decisions/027-balances-written-only-by-the-ledger.md).
 */
const TABLE_ORDER: Table[] = ["members", "transfers", "balances", "orders", "referrals", "redemptions", "audit_events", "imports", "data_requests"];

export interface SeedRequest {
  shop: string;
  shopName: string;
  members: number;
  transfers: number;
  seed: number;
}

export interface SeedRecord {
  key: string;
  seededAt: string;
  seconds: number;
  summary: DatasetSummary;
  ledger: LedgerCheck;
}

export interface SeededDatabase {
  url: string;
  record: SeedRecord;
  /** True when an earlier run's database was reused. */
  cached: boolean;
}

export interface LedgerCheck {
  membersChecked: number;
  transfersRead: number;
  /** Members whose stored balances differ from their transfers; 0 or the seed is refused. */
  drifted: number;
  seconds: number;
}

export function seedKey(request: SeedRequest, kind: "sqlite" | "postgres"): string {
  const migrations = readMigrations(path.join(ROOT, kind === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations")).map((m) => m.checksum);
  const content = JSON.stringify({ version: SEED_VERSION, ...request, migrations });
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

function datasetOptions(request: SeedRequest): DatasetOptions {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  return { shop: request.shop, members: request.members, transfers: request.transfers, seed: request.seed, now: today };
}

/** Buffers rows per table and hands them to `flush` in TABLE_ORDER every MEMBERS_PER_BATCH members. */
async function stream(options: DatasetOptions, flush: (rows: Map<Table, Row[]>) => Promise<void> | void, progress: (members: number) => void): Promise<DatasetSummary> {
  const empty = () => new Map<Table, Row[]>(TABLE_ORDER.map((table) => [table, []]));
  let buffered = empty();
  const generator = generateDataset(options, (table, row) => buffered.get(table)?.push(row));
  for (;;) {
    const next = generator.next();
    if (next.done || next.value % MEMBERS_PER_BATCH === 0) {
      await flush(buffered);
      buffered = empty();
      progress(next.done ? next.value.members : next.value);
    }
    if (next.done) return next.value;
  }
}

function progressPrinter(label: string, total: number): (members: number) => void {
  const started = Date.now();
  let last = 0;
  let shown = -1;
  return (members) => {
    if (members === shown || (Date.now() - last < 5000 && members < total)) return;
    last = Date.now();
    shown = members;
    console.log(`  ${label}: ${members.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} members written (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  };
}

// ---------------------------------------------------------------- ledger check

interface EffectRow {
  member_id: string;
  code: string;
  points: number;
  status: string;
  pending_id: string | null;
}
interface StoredRow {
  member_id: string;
  posted: number;
  pending_credit: number;
  pending_debit: number;
  available: number;
  lifetime_earned: number;
}

/**
 * The ledger audit's arithmetic (app/loyalty/ledger/ledger-audit.server.ts) over what the database now holds:
 * every member's transfers folded with applyTransfer, compared with the balances row, streamed in member order.
 */
async function checkLedger(transfers: AsyncIterable<EffectRow> | Iterable<EffectRow>, stored: Map<string, StoredRow>): Promise<LedgerCheck> {
  const started = Date.now();
  let membersChecked = 0;
  let transfersRead = 0;
  let drifted = 0;
  let current: { memberId: string; balances: Balances } | undefined;
  const settle = () => {
    if (!current) return;
    const row = stored.get(current.memberId);
    stored.delete(current.memberId);
    const same =
      row !== undefined &&
      sameBalances({ posted: Number(row.posted), pendingCredit: Number(row.pending_credit), pendingDebit: Number(row.pending_debit), lifetimeEarned: Number(row.lifetime_earned) }, current.balances) &&
      Number(row.available) === availablePoints(current.balances);
    if (!same) drifted += 1;
    membersChecked += 1;
  };
  for await (const row of transfers) {
    if (current?.memberId !== row.member_id) {
      settle();
      current = { memberId: row.member_id, balances: ZERO_BALANCES };
    }
    if (!isTransferCode(row.code)) throw new Error(`transfer of ${row.member_id} has unknown code ${row.code}`);
    current.balances = applyTransfer(current.balances, { code: row.code, points: Number(row.points), status: row.status as TransferStatus, pendingId: row.pending_id });
    transfersRead += 1;
  }
  settle();
  // A balances row with no transfers behind it must be all zeros.
  for (const row of stored.values()) {
    membersChecked += 1;
    if ([row.posted, row.pending_credit, row.pending_debit, row.available, row.lifetime_earned].some((value) => Number(value) !== 0)) drifted += 1;
  }
  return { membersChecked, transfersRead, drifted, seconds: (Date.now() - started) / 1000 };
}

const EFFECTS_SQL = "SELECT member_id, code, points, status, pending_id FROM transfers WHERE shop = $shop ORDER BY member_id, created_at, id";
const STORED_SQL = "SELECT member_id, posted, pending_credit, pending_debit, available, lifetime_earned FROM balances WHERE shop = $shop";

function refuseDrift(check: LedgerCheck, summary: DatasetSummary): void {
  if (check.drifted > 0 || check.transfersRead !== summary.transfers) {
    throw new Error(`the seeded ledger does not add up: ${check.drifted} members drifted, ${check.transfersRead} of ${summary.transfers} transfers read back`);
  }
}

/**
 * The ledger's daily sums (what the dashboard reads) from the seeded transfers, with the statement the migration
 * backfills them with: the ledger writer keeps them one transfer at a time, the bulk load fills them once. The
 * order rollups (order sums, referral sums, shopper order days, customer gains and lapses) are built once from
 * the inserted orders by rebuildOrderRollups, the bulk form of what the order writer keeps.
 */
const DAILY_SUMS_SQL = {
  sqlite: `INSERT INTO ledger_daily (shop, day, code, status, points, transfers)
           SELECT shop, substr(created_at, 1, 10), code, status, SUM(points), COUNT(*) FROM transfers WHERE shop = @shop
           GROUP BY shop, substr(created_at, 1, 10), code, status`,
  postgres: `INSERT INTO ledger_daily (shop, day, code, status, points, transfers)
             SELECT shop, to_char(created_at, 'YYYY-MM-DD'), code, status, SUM(points), COUNT(*) FROM transfers WHERE shop = $1
             GROUP BY shop, to_char(created_at, 'YYYY-MM-DD'), code, status`,
};

/** Checks the daily sums as `npm run ledger:check` does, through the app's own audit; refuses any drift. */
/** The order rollups of the seeded orders, which were inserted around the order writer. */
async function rebuildRollups(url: string, shop: string, options: OpenOptions = {}): Promise<void> {
  const app = openDatabase(url, options);
  try {
    await rebuildOrderRollups(app, shop);
  } finally {
    await app.close();
  }
}

async function refuseDailyDrift(url: string, shop: string, options: OpenOptions = {}): Promise<void> {
  const app = openDatabase(url, options);
  try {
    const { groupsChecked, drift } = await auditDailySums(app, { shop });
    if (drift.length > 0) throw new Error(`the seeded daily sums do not add up: ${drift.length} of ${groupsChecked} day, code and status groups drifted`);
    console.log(`  daily sums: ${groupsChecked} day, code and status groups checked, 0 drifted`);
  } finally {
    await app.close();
  }
}

// ---------------------------------------------------------------- SQLite

export async function seedSqlite(request: SeedRequest, reseed: boolean): Promise<SeededDatabase> {
  const key = seedKey(request, "sqlite");
  const file = path.join(CACHE_DIR, `sqlite-${key}.sqlite`);
  const recordFile = path.join(CACHE_DIR, `sqlite-${key}.json`);
  const url = `file:${file}`;
  if (!reseed && existsSync(file) && existsSync(recordFile)) {
    return { url, record: JSON.parse(readFileSync(recordFile, "utf8")) as SeedRecord, cached: true };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // One cached database at a time: each is about a gigabyte, and one of another key is stale or of another size.
  for (const entry of readdirSync(CACHE_DIR)) if (entry.startsWith("sqlite-")) rmSync(path.join(CACHE_DIR, entry), { force: true });
  const partial = `${file}.partial`;
  const started = Date.now();
  migrateSqlite(partial, path.join(ROOT, "prisma/migrations"));
  const app = openDatabase(`file:${partial}`);
  try {
    await upsertShop(app.prisma, { domain: request.shop, name: request.shopName, currencyCode: "USD" });
  } finally {
    await app.close();
  }

  const db = new Database(partial);
  let summary: DatasetSummary;
  try {
    // The file is in WAL mode from migrating. No syncing during the bulk load: a crash here leaves a .partial file,
    // which the next run deletes.
    db.pragma("synchronous = OFF");
    const inserts = new Map(
      TABLE_ORDER.map((table) => [table, db.prepare(`INSERT INTO ${table} (${COLUMNS[table].join(", ")}) VALUES (${COLUMNS[table].map(() => "?").join(", ")})`)]),
    );
    const write = db.transaction((rows: Map<Table, Row[]>) => {
      for (const table of TABLE_ORDER) {
        const insert = inserts.get(table);
        for (const row of rows.get(table) ?? []) insert?.run(...row.map((value) => (typeof value === "boolean" ? Number(value) : value)));
      }
    });
    summary = await stream(datasetOptions(request), (rows) => write(rows), progressPrinter("SQLite", request.members));
    db.prepare(DAILY_SUMS_SQL.sqlite).run({ shop: request.shop });
    await rebuildRollups(`file:${partial}`, request.shop);
    const seeded = (Date.now() - started) / 1000;
    console.log(`  SQLite: seeded in ${seeded.toFixed(1)} s; checking the ledger…`);
    const stored = new Map((db.prepare(STORED_SQL).all({ shop: request.shop }) as StoredRow[]).map((row) => [row.member_id, row]));
    const ledger = await checkLedger(db.prepare(EFFECTS_SQL).iterate({ shop: request.shop }) as Iterable<EffectRow>, stored);
    refuseDrift(ledger, summary);
    await refuseDailyDrift(`file:${partial}`, request.shop);
    // Closing the last connection checkpoints the WAL into the file, so the file alone is the database.
    db.close();
    renameSync(partial, file);
    const record: SeedRecord = { key, seededAt: new Date().toISOString(), seconds: seeded, summary, ledger };
    writeFileSync(recordFile, JSON.stringify(record, null, 2));
    return { url, record, cached: false };
  } catch (error) {
    if (db.open) db.close();
    rmSync(partial, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------- PostgreSQL

/** A database per seed key on the server at `adminUrl`; its COMMENT holds the seed record once seeding finished. */
export async function seedPostgres(adminUrl: string, request: SeedRequest, reseed: boolean): Promise<SeededDatabase> {
  const key = seedKey(request, "postgres");
  const name = `tally_bench_admin_${key}`;
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query<{ comment: string | null }>("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [name]);
    const comment = found.rows[0]?.comment;
    if (!reseed && comment) return { url, record: JSON.parse(comment) as SeedRecord, cached: true };
    // One cached database at a time, as for SQLite: the others are stale or of another size.
    const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'tally\\_bench\\_admin\\_%'");
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }

  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  try {
    await migratePostgres(url, path.join(ROOT, "prisma/postgres/migrations"));
    const app = openDatabase(url, { poolSize: 1 });
    try {
      await upsertShop(app.prisma, { domain: request.shop, name: request.shopName, currencyCode: "USD" });
    } finally {
      await app.close();
    }
    await client.connect();
    await client.query("SET synchronous_commit = off");
    const summary = await stream(
      datasetOptions(request),
      async (rows) => {
        await client.query("BEGIN");
        for (const table of TABLE_ORDER) {
          const columns = COLUMNS[table];
          const all = rows.get(table) ?? [];
          const perStatement = Math.floor(POSTGRES_MAX_PARAMS / columns.length);
          for (let from = 0; from < all.length; from += perStatement) {
            const chunk = all.slice(from, from + perStatement);
            const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(", ")})`).join(", ");
            await client.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values}`, chunk.flat());
          }
        }
        await client.query("COMMIT");
      },
      progressPrinter("PostgreSQL", request.members),
    );
    await client.query(DAILY_SUMS_SQL.postgres, [request.shop]);
    await rebuildRollups(url, request.shop, { poolSize: 1 });
    // Autovacuum would gather these statistics soon after such a load on a live server; do it now so the first
    // measurement does not depend on when it runs.
    await client.query("ANALYZE");
    const seeded = (Date.now() - started) / 1000;
    console.log(`  PostgreSQL: seeded in ${seeded.toFixed(1)} s; checking the ledger…`);
    const named = (sql: string) => sql.replace(/\$shop/g, "$1");
    const stored = new Map((await client.query<StoredRow>(named(STORED_SQL), [request.shop])).rows.map((row) => [row.member_id, row]));
    const ledger = await checkLedger(postgresRows(client, named(EFFECTS_SQL), [request.shop]), stored);
    refuseDrift(ledger, summary);
    await refuseDailyDrift(url, request.shop);
    const record: SeedRecord = { key, seededAt: new Date().toISOString(), seconds: seeded, summary, ledger };
    await client.query(`COMMENT ON DATABASE "${name}" IS ${client.escapeLiteral(JSON.stringify(record))}`);
    return { url, record, cached: false };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Rows of a large query, fetched with a cursor 20,000 at a time. */
async function* postgresRows(client: pg.Client, sql: string, params: unknown[]): AsyncGenerator<EffectRow> {
  await client.query("BEGIN");
  try {
    await client.query(`DECLARE effects NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const { rows } = await client.query<EffectRow>("FETCH 20000 FROM effects");
      if (rows.length === 0) break;
      yield* rows;
    }
  } finally {
    await client.query("COMMIT");
  }
}
