// `npm run bench:settlement`: how fast Tally settles queued orders/paid deliveries, side by side with a ceiling:
// the same settlement's statements, prepared on the raw driver (better-sqlite3, node-postgres), one transaction
// per batch of the size Tally's worker settles together. Both run in this process
// on a fresh database each, over the same deliveries; the bench prints both rates, CPU ms per order, and Tally's
// share of the ceiling. Figures are printed, never asserted (docs/decisions/033-settlement-on-the-driver.md).
//
//   npm run bench:settlement -- [--db sqlite|postgres|both] [--orders 3000] [--customers 1000] [--warmup 300]
//
// `settlementCeiling` is exported for other benchmarks (a sustained load can print the same share).
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, openSqlite, type TallyDatabase } from "~/db/database.server";
import { placeholders, postgresDriverSql, sqliteDriverSql, type DriverSql } from "~/db/driver-sql.server";
import { APPEND_IN_ONE_STATEMENT } from "~/loyalty/ledger/ledger-rows.server";
import { migratePostgres, migrateSqlite } from "~/db/migrations.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { SETTLE_BATCH, processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../test/fixtures/shopify-payloads";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHOP = "bench-settle.myshopify.com";

export type Kind = "sqlite" | "postgres";

export interface SettlementRate {
  orders: number;
  seconds: number;
  perSecond: number;
  /** This process's CPU time (user + system) per order. */
  cpuMsPerOrder: number;
  /**
   * SQLite: the pages the run wrote into the WAL, per order (each commit writes every page it changed once); null
   * on PostgreSQL. Exact while the WAL stays under the size at which SQLite starts it over (1 GB).
   */
  walPagesPerOrder: number | null;
}

export interface SettlementCeilingResult {
  kind: Kind;
  batch: number;
  ceiling: SettlementRate;
  tally: SettlementRate;
  /** Tally's settled rate as a share of the ceiling's. */
  share: number;
  /** The ceiling's CPU per order as a share of Tally's: steadier than the rates when other work shares the machine. */
  cpuShare: number;
}

interface BenchOrder {
  deliveryId: string;
  orderId: string;
  customerId: string;
  payload: ReturnType<typeof orderPayload>;
}

/**
 * Orders of customers spread over the shop, as a sale's are: consecutive orders (a prime stride apart) are of
 * customers far apart, so neither side finds the next order's member on the page it just wrote.
 */
function benchOrders(count: number, customers: number): BenchOrder[] {
  const base = 5_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10_000;
  return Array.from({ length: count }, (_, i) => {
    const customer = 7_000_000 + ((i * 7_919) % customers);
    const payload = orderPayload({ id: base + i, customer: { id: customer }, subtotal: `${50 + (i % 150)}.45` });
    return { deliveryId: randomUUID(), orderId: String(base + i), customerId: String(customer), payload };
  });
}

// ---------------------------------------------------------------- fresh databases

interface FreshDatabase {
  url: string;
  destroy(): Promise<void>;
}

async function freshDatabase(kind: Kind, postgresUrl: string): Promise<FreshDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tally-settle-"));
    const file = path.join(dir, "tally.sqlite");
    migrateSqlite(file, path.join(ROOT, "prisma/migrations"));
    return { url: `file:${file}`, destroy: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `tally_settle_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const parsed = new URL(postgresUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await migratePostgres(url, path.join(ROOT, "prisma/postgres/migrations"));
  return {
    url,
    async destroy() {
      const drop = new pg.Client({ connectionString: postgresUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    },
  };
}

async function registerShop(db: TallyDatabase): Promise<void> {
  await upsertShop(db, { domain: SHOP, name: "Settlement bench", currencyCode: "USD" });
}

/**
 * The orders' deliveries, received a millisecond apart from `first` on, as Shopify's arrive one after another:
 * Tally's worker takes them in that order (received_at, then id), and the ceiling settles them in it.
 */
async function enqueue(db: TallyDatabase, orders: BenchOrder[], first: Date): Promise<void> {
  for (const [index, order] of orders.entries()) {
    await db.deliveries.enqueue({ id: order.deliveryId, shop: SHOP, topic: "orders/paid", payload: order.payload, receivedAt: new Date(first.getTime() + index) });
  }
}

// On SQLite neither side copies its WAL into the database while it settles (wal_autocheckpoint = 0), as in the
// server, where a thread of its own does (app/db/wal-checkpoints.server.ts): the measured runs' CPU leaves the
// copies out, and every page a run wrote stays in its WAL to be counted.
/** Every WAL frame is a page and its 24-byte header, after the file's 32-byte header. */
const SQLITE_PAGE = 4096;

/** The frames in the `-wal` file beside a SQLite database (0 when it has none). */
function walFrames(url: string): number {
  const wal = `${url.replace(/^file:/, "")}-wal`;
  return existsSync(wal) ? Math.max(0, statSync(wal).size - 32) / (SQLITE_PAGE + 24) : 0;
}

/** Times `run`, which settles `orders` and says how many frames its WAL gained (null on PostgreSQL). */
function timed(orders: number, run: () => Promise<number | null>): Promise<SettlementRate> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return run().then((frames) => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const walPagesPerOrder = frames === null ? null : frames / orders;
    return { orders, seconds, perSecond: orders / seconds, cpuMsPerOrder: (used.user + used.system) / 1000 / orders, walPagesPerOrder };
  });
}

// ---------------------------------------------------------------- the ceiling

/**
 * The statements Tally's settlement of a new paid order runs (app/loyalty/earning/order-store.server.ts,
 * order-rollups.server.ts, settle-order.server.ts and the ledger's store), in the same order, prepared on the raw
 * driver with only what it takes to pass values between them: no schema parsing, no rules, no ledger flow, no
 * Prisma. What Tally spends above this is its own overhead.
 */
async function settleLikeTheCeiling(sql: DriverSql, order: BenchOrder, now: Date): Promise<void> {
  const { orderId, customerId } = order;
  await sql.exec("SAVEPOINT tally_unit");
  await sql.get("SELECT program_rules, uninstalled_at FROM shops WHERE domain = ?", [SHOP]);
  await sql.get("SELECT program_rules FROM shops WHERE domain = ?", [SHOP]);
  // The member and the customer's erasure, in one read (members/member-store.server.ts, upsertMemberUnlessErased).
  const found = await sql.get<{ id: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM redacted_customers WHERE shop = ? AND customer_key = ?) AS erased,
      m.id, m.referral_code, m.signup_bonus_at, m.account_state, m.email, m.first_name, m.last_name
      FROM (SELECT 1 AS probe) AS probe LEFT JOIN members m ON m.shop = ? AND m.customer_id = ?`,
    [SHOP, `key-${customerId}`, SHOP, customerId],
  );
  let member = found?.id ? { id: found.id } : undefined;
  if (!member) {
    member = { id: randomUUID() };
    await sql.run(
      `INSERT INTO members (id, shop, customer_id, email, first_name, last_name, account_state, tier, referral_code, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'member', ?, ?, ?) ON CONFLICT DO NOTHING`,
      [member.id, SHOP, customerId, `customer${customerId}@example.com`, null, null, "disabled", `C-${customerId}`, now, now],
    );
  }
  const paidAt = new Date(order.payload.processed_at);
  const eligible = Math.round(Number(order.payload.current_subtotal_price) * 100);
  // The order writer creates the order and takes it back whole, with its referral, from the same statement: a new
  // order has nothing to read before.
  await sql.all(
    `INSERT INTO orders (customer_id, member_id, paid_at, test, eligible_minor, taxes_included, email_key, shipping_address_key,
      discount_codes, referral_code, updated_at, shop, order_id, cancelled_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, order_id) DO NOTHING
     RETURNING shop, order_id, customer_id, member_id, paid_at, test, eligible_minor, refunded_minor, earned_points, tier_at_paid,
       points_post_at, cancelled_at, email_key, shipping_address_key, discount_codes, referral_code, product_spend, customer_tags,
       (SELECT excluded_at FROM members WHERE members.id = orders.member_id) AS member_excluded_at,
       ${["id", "advocate_member_id", "status", "reason", "reward_at"].map((column) => `(SELECT r.${column} FROM referrals r WHERE r.shop = orders.shop AND r.order_id = orders.order_id)`).join(", ")}`,
    [customerId, member.id, paidAt, false, eligible, false, `customer${customerId}@example.com`, null, "[]", null, now, SHOP, orderId, null, now],
  );
  const paidDay = paidAt.toISOString().slice(0, 10);
  await sql.run(
    `INSERT INTO order_daily (shop, day, orders, revenue_minor, member_orders, member_revenue_minor) VALUES (?, ?, 1, ?, ?, ?)
     ON CONFLICT (shop, day) DO UPDATE SET orders = order_daily.orders + excluded.orders, revenue_minor = order_daily.revenue_minor + excluded.revenue_minor,
       member_orders = order_daily.member_orders + excluded.member_orders, member_revenue_minor = order_daily.member_revenue_minor + excluded.member_revenue_minor`,
    [SHOP, paidDay, eligible, 1, eligible],
  );
  const shopper = `member:${member.id}`;
  const more = await sql.run("UPDATE shopper_order_days SET orders = orders + 1 WHERE shop = ? AND shopper = ? AND day = ?", [SHOP, shopper, paidDay]);
  if (more === 0) {
    await sql.get(
      `SELECT (SELECT day FROM shopper_order_days WHERE shop = ? AND shopper = ? AND day < ? ORDER BY day DESC LIMIT 1) AS prev_day,
        (SELECT day FROM shopper_order_days WHERE shop = ? AND shopper = ? AND day > ? ORDER BY day ASC LIMIT 1) AS next_day`,
      [SHOP, shopper, paidDay, SHOP, shopper, paidDay],
    );
    await sql.run("INSERT INTO shopper_order_days (shop, shopper, day, member, orders, prev_day, next_day) VALUES (?, ?, ?, ?, 1, ?, ?)", [SHOP, shopper, paidDay, true, "", ""]);
    await sql.run(
      `INSERT INTO customer_gains (shop, day, lapsed_since, members) VALUES (?, ?, ?, ?)
       ON CONFLICT (shop, day, lapsed_since) DO UPDATE SET members = customer_gains.members + excluded.members`,
      [SHOP, paidDay, "", 1],
    );
    await sql.run(
      `INSERT INTO customer_lapses (shop, day, members) VALUES (?, ?, ?) ON CONFLICT (shop, day) DO UPDATE SET members = customer_lapses.members + excluded.members`,
      [SHOP, paidDay, 1],
    );
  }
  // One read of the member's orders serves the tier the order was paid at and the tier held now.
  const window = "SELECT order_id, paid_at, cancelled_at, test, eligible_minor, refunded_minor FROM orders WHERE shop = ? AND member_id = ? AND paid_at >= ? AND paid_at < ? AND order_id <> ?";
  const spend = await sql.all<{ eligible_minor: number }>(window, [SHOP, member.id, new Date(paidAt.getTime() - 365 * 86_400_000), new Date(now.getTime() + 1), ""]);
  const points = Math.floor(eligible / 100);
  await sql.run("UPDATE orders SET earned_points = ?, tier_at_paid = ?, points_post_at = ? WHERE shop = ? AND order_id = ? AND earned_points IS NULL", [
    points, "member", null, SHOP, orderId,
  ]);
  // Earnings fixed this moment: the order has no ledger rows to read.
  await sql.exec("SAVEPOINT tally_ledger");
  const balance = await sql.get<{ posted: number | null; lifetime_earned: number | null }>(
    "SELECT m.id, b.posted, b.pending_credit, b.pending_debit, b.lifetime_earned FROM members m LEFT JOIN balances b ON b.member_id = m.id WHERE m.id = ? AND m.shop = ?",
    [member.id, SHOP],
  );
  const key = `order:${orderId}:earn`;
  await sql.get("SELECT id FROM transfers WHERE shop = ? AND idempotency_key = ?", [SHOP, key]);
  const transferId = randomUUID();
  const posted = Number(balance?.posted ?? 0) + points;
  const lifetime = Number(balance?.lifetime_earned ?? 0) + points;
  const day = now.toISOString().slice(0, 10);
  if (sql.kind === "postgres") {
    // Tally's PostgreSQL ledger writes the transfer, the balances and the day's sums in one statement (ADR 069).
    await sql.get(APPEND_IN_ONE_STATEMENT, [
      transferId, SHOP, member.id, "PURCHASE", points, "posted", null, null, orderId, key, "f", null, "system", now,
      member.id, SHOP, posted, 0, 0, posted, lifetime, now, transferId,
      SHOP, day, "PURCHASE", "posted", points,
    ]);
  } else {
    await sql.run(
      `INSERT INTO transfers (id, shop, member_id, code, points, status, pending_id, reverses_id, order_id, idempotency_key, fingerprint, memo, actor, created_at)
       VALUES (?, ?, ?, 'PURCHASE', ?, 'posted', NULL, NULL, ?, ?, 'f', NULL, 'system', ?)`,
      [transferId, SHOP, member.id, points, orderId, key, now],
    );
    await sql.run(
      `INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at, last_transfer_id)
       VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET posted = excluded.posted, pending_credit = excluded.pending_credit,
         pending_debit = excluded.pending_debit, available = excluded.available, lifetime_earned = excluded.lifetime_earned,
         updated_at = excluded.updated_at, last_transfer_id = excluded.last_transfer_id`,
      [member.id, SHOP, posted, posted, lifetime, now, transferId],
    );
    await sql.run(
      `INSERT INTO ledger_daily (shop, day, code, status, points, transfers) VALUES (?, ?, 'PURCHASE', 'posted', ?, 1)
       ON CONFLICT (shop, day, code, status) DO UPDATE SET points = ledger_daily.points + excluded.points, transfers = ledger_daily.transfers + 1`,
      [SHOP, day, points],
    );
  }
  await sql.exec("RELEASE SAVEPOINT tally_ledger");
  const tierSpend = spend.reduce((sum, row) => sum + Number(row.eligible_minor), 0);
  await sql.run("UPDATE members SET tier = ?, tier_spend = ?, updated_at = ? WHERE id = ? AND (tier <> ? OR tier_spend <> ?)", [
    "member", tierSpend, now, member.id, "member", tierSpend,
  ]);
  // The expiries to give back and the available points for the debt check, in one read.
  await sql.all(
    `SELECT b.available, t.id, t.points, t.created_at FROM (SELECT 1 AS one) AS one LEFT JOIN balances b ON b.member_id = ?
     LEFT JOIN transfers t ON t.member_id = ? AND t.code = 'EXPIRY' AND t.status = 'posted' AND t.reverses_id IS NULL AND t.created_at >= ?`,
    [member.id, member.id, paidAt],
  );
  await sql.exec("RELEASE SAVEPOINT tally_unit");
}

// How Tally's worker takes a batch (app/queue/delivery-queue.server.ts): PostgreSQL claims it under a lease in a
// statement of its own; SQLite reads it inside the transaction that settles it
// (docs/decisions/066-sqlite-takes-deliveries-in-the-settling-unit.md).
const CLAIM = `UPDATE webhook_deliveries SET run_after = ?, attempts = attempts + 1
  WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'queued' AND run_after <= ? ORDER BY received_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
  RETURNING id, payload`;
const TAKE = `SELECT id, payload, attempts + 1 AS attempts FROM webhook_deliveries INDEXED BY webhook_deliveries_status_received_at_id_idx
  WHERE status = 'queued' AND run_after <= ? ORDER BY received_at, id LIMIT ?`;

async function takeBatch(sql: DriverSql, now: Date, batch: number): Promise<string[]> {
  const rows = sql.kind === "postgres"
    ? await sql.all<{ id: string; payload: string }>(CLAIM, [new Date(now.getTime() + 60_000), new Date(), batch])
    : await sql.all<{ id: string; payload: string }>(TAKE, [new Date(), batch]);
  for (const row of rows) JSON.parse(row.payload);
  return rows.map((row) => row.id);
}

/** The batch marked done in one statement, as Tally's worker does (docs/decisions/062-one-read-and-one-write-per-batch.md). */
async function completeBatch(sql: DriverSql, ids: string[], now: Date): Promise<void> {
  const attempts = sql.kind === "sqlite" ? ", attempts = attempts + 1" : "";
  await sql.run(
    `UPDATE webhook_deliveries SET status = 'done', processed_at = ?, last_error = NULL, payload = NULL${attempts} WHERE id IN (${placeholders(ids.length)})`,
    [now, ...ids],
  );
}

/**
 * Settles `orders` as the ceiling does. On SQLite it returns the WAL's frames just before its connection closes
 * (which deletes the WAL, so the next run starts without one); null on PostgreSQL.
 */
async function runCeiling(kind: Kind, url: string, orders: BenchOrder[], batch: number): Promise<number | null> {
  const now = new Date();
  if (kind === "sqlite") {
    const raw = openSqlite(url.replace(/^file:/, ""));
    raw.pragma("wal_autocheckpoint = 0");
    const sql = sqliteDriverSql(raw, (work) => Promise.resolve(work()));
    try {
      for (let at = 0; at < orders.length; at += batch) {
        raw.exec("BEGIN IMMEDIATE");
        const ids = await takeBatch(sql, now, batch);
        for (const order of orders.slice(at, at + batch)) await settleLikeTheCeiling(sql, order, now);
        await completeBatch(sql, ids, now);
        raw.exec("COMMIT");
      }
      return walFrames(url);
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sql = postgresDriverSql(client);
  try {
    for (let at = 0; at < orders.length; at += batch) {
      const ids = await takeBatch(sql, now, batch);
      await client.query("BEGIN");
      for (const order of orders.slice(at, at + batch)) await settleLikeTheCeiling(sql, order, now);
      await completeBatch(sql, ids, now);
      await client.query("COMMIT");
    }
  } finally {
    await client.end();
  }
  return null;
}

// ---------------------------------------------------------------- side by side

export async function settlementCeiling(options: { kind: Kind; orders?: number; customers?: number; warmup?: number; postgresUrl?: string }): Promise<SettlementCeilingResult> {
  const { kind, orders: count = 3000, customers = 1000, warmup = 300 } = options;
  const postgresUrl = options.postgresUrl ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  process.env.SHOPIFY_API_SECRET ??= `bench-${randomBytes(8).toString("hex")}`;
  process.env.SHOPIFY_API_KEY ??= "bench-api-key";
  process.env.SHOPIFY_APP_URL ??= "https://tally.example.com";

  const ceilingDb = await freshDatabase(kind, postgresUrl);
  const tallyDb = await freshDatabase(kind, postgresUrl);
  try {
    // The ceiling's database gets its deliveries as Tally's does, so both mark the same rows done.
    const warm = benchOrders(warmup, customers);
    const measured = benchOrders(count, customers);
    const setup = openDatabase(ceilingDb.url);
    await registerShop(setup);
    const received = { warm: new Date(Date.now() - 2 * 60 * 60_000), measured: new Date(Date.now() - 60 * 60_000) };
    await enqueue(setup, warm, received.warm);
    await enqueue(setup, measured, received.measured);
    await setup.close();
    await runCeiling(kind, ceilingDb.url, warm, SETTLE_BATCH);
    const ceiling = await timed(count, () => runCeiling(kind, ceilingDb.url, measured, SETTLE_BATCH));

    const db = openDatabase(tallyDb.url);
    try {
      await registerShop(db);
      await enqueue(db, warm, received.warm);
      await processDueDeliveries(db);
      await enqueue(db, measured, received.measured);
      // The WAL emptied, so that what the measured run writes is all it holds.
      if (kind === "sqlite") {
        await db.sql.all("PRAGMA wal_autocheckpoint = 0");
        await db.sql.all("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      const tally = await timed(count, async () => {
        const run = await processDueDeliveries(db);
        if (run.processed !== count || run.failed !== 0) throw new Error(`Tally settled ${run.processed} and failed ${run.failed} of ${count}`);
        return kind === "sqlite" ? walFrames(tallyDb.url) : null;
      });
      return { kind, batch: SETTLE_BATCH, ceiling, tally, share: tally.perSecond / ceiling.perSecond, cpuShare: ceiling.cpuMsPerOrder / tally.cpuMsPerOrder };
    } finally {
      await db.close();
    }
  } finally {
    await ceilingDb.destroy();
    await tallyDb.destroy();
  }
}

// ---------------------------------------------------------------- main

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);

if (isMain) {
  const { values: flags } = parseArgs({
    options: {
      db: { type: "string", default: "both" },
      orders: { type: "string", default: "3000" },
      customers: { type: "string", default: "1000" },
      warmup: { type: "string", default: "300" },
      "postgres-url": { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    },
  });
  const kinds: Kind[] = flags.db === "both" ? ["sqlite", "postgres"] : [flags.db as Kind];
  const cpus = os.cpus();
  console.log(
    `bench:settlement ${new Date().toISOString()}; Node ${process.version}; ${cpus.length} × ${cpus[0]?.model ?? "cpu"}; ` +
      `${flags.orders} orders/paid after ${flags.warmup} warm-up, ${flags.customers} customers, batch ${SETTLE_BATCH}`,
  );
  const rows: string[] = [];
  for (const kind of kinds) {
    const result = await settlementCeiling({
      kind,
      orders: Number(flags.orders),
      customers: Number(flags.customers),
      warmup: Number(flags.warmup),
      postgresUrl: flags["postgres-url"],
    });
    const line = (name: string, rate: SettlementRate) =>
      `| ${kind.padEnd(8)} | ${name.padEnd(34)} | ${Math.round(rate.perSecond).toLocaleString("en-US").padStart(9)} | ${rate.cpuMsPerOrder.toFixed(3).padStart(14)} | ${(rate.walPagesPerOrder === null ? "–" : rate.walPagesPerOrder.toFixed(1)).padStart(16)} |`;
    rows.push(line("raw driver, same orders (ceiling)", result.ceiling), line("Tally (processDueDeliveries)", result.tally));
    rows.push(
      `| ${kind.padEnd(8)} | ${"Tally's share of the ceiling".padEnd(34)} | ${`${(100 * result.share).toFixed(1)}%`.padStart(9)} | ${`${(100 * result.cpuShare).toFixed(1)}%`.padStart(14)} | ${"".padStart(16)} |`,
    );
  }
  console.log(
    [
      "",
      "| database | settlement                         | orders/s  | CPU ms / order | WAL pages/order |",
      "|:---------|:-----------------------------------|----------:|---------------:|----------------:|",
      ...rows,
    ].join("\n"),
  );
}
