// What `npm run bench:sustained` reads from the database while the app runs, as any reader would: balances by
// customer, the queue's rows by status, the members' referral codes, and the orders' tiers for explaining a
// mismatch. Raw drivers, outside the app, so that reading costs the app nothing but the database's own work.
import Database from "better-sqlite3";
import pg from "pg";
import { timestampText } from "~/db/sqlite-timestamp";
import type { FreshDatabase } from "./bench-databases";

export interface BalanceRow {
  posted: number;
  /** The transfer that last wrote the row (its updated_at where a row has none). */
  witness: string | null;
  available: number;
  pendingCredit: number;
  /** When the row was last written (ms since the epoch), for reading only the rows written since. */
  updatedAt: number;
}

export interface SustainedReader {
  /**
   * Balances by customer: every one, or only those written at or after `since` (ms since the epoch). A poll reads
   * only what changed: every row, several times a second, cost the bench about a third of a core at 2,000/s,
   * taken from the machine the servers run on.
   */
  balances(since?: number): Promise<Map<string, BalanceRow>>;
  /** webhook_deliveries rows by status (queued, done, failed). */
  deliveries(): Promise<Record<string, number>>;
  referralCodes(): Promise<Map<string, string>>;
  programRules(): Promise<string>;
  orders(customerIds: string[]): Promise<{ orderId: string; customerId: string; tier: string | null; earned: number | null }[]>;
  /** When each delivery was received and applied, by webhook id (ms since the epoch). */
  deliveryTimes(ids: string[]): Promise<Map<string, { received: number; processed: number | null }>>;
  close(): Promise<void>;
}

/**
 * The balances, with when each was last written (`updated`, as each database gives it), and only those written
 * since `$2` when `since` is given. Timestamps are UTC in both databases: SQLite's as Prisma's text
 * (sqlite-timestamp.ts), PostgreSQL's as timestamp(3), which node-postgres would read as local time, so there
 * the epoch is taken in SQL.
 */
const BALANCE_TIMES = {
  sqlite: { updated: "b.updated_at", since: "b.updated_at >= $2" },
  postgres: { updated: "(extract(epoch FROM b.updated_at) * 1000)::float8", since: "b.updated_at >= to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'" },
};
function balancesSql(kind: keyof typeof BALANCE_TIMES, since: boolean): string {
  const times = BALANCE_TIMES[kind];
  return `SELECT m.customer_id AS customer, b.posted AS posted, b.available AS available, b.pending_credit AS pending,
      COALESCE(b.last_transfer_id, CAST(b.updated_at AS TEXT)) AS witness, ${times.updated} AS updated
    FROM balances b JOIN members m ON m.id = b.member_id WHERE b.shop = $1${since ? ` AND ${times.since}` : ""}`;
}

const SQL = {
  deliveries: `SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status`,
  codes: `SELECT customer_id AS customer, referral_code AS code FROM members WHERE shop = $1 AND referral_code IS NOT NULL`,
  rules: `SELECT program_rules AS rules FROM shops WHERE domain = $1`,
  orders: `SELECT order_id AS "orderId", customer_id AS "customerId", tier_at_paid AS tier, earned_points AS earned FROM orders WHERE shop = $1 AND customer_id = ANY($2)`,
};

type Row = Record<string, unknown>;

const epoch = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(String(value)));

function timesMap(rows: Row[]): Map<string, { received: number; processed: number | null }> {
  return new Map(rows.map((row) => [String(row.id), { received: epoch(row.received) ?? Number.NaN, processed: epoch(row.processed) }]));
}

function balanceMap(rows: Row[]): Map<string, BalanceRow> {
  return new Map(
    rows.map((row) => [
      String(row.customer),
      { posted: Number(row.posted), witness: row.witness === null ? null : String(row.witness), available: Number(row.available), pendingCredit: Number(row.pending), updatedAt: epoch(row.updated) ?? Number.NaN },
    ]),
  );
}

export function openReader(database: FreshDatabase, shop: string): SustainedReader {
  if (database.file) {
    const sqlite = new Database(database.file, { readonly: true });
    sqlite.pragma("busy_timeout = 5000");
    const positional = (sql: string) => sqlite.prepare(sql.replace(/\$\d/g, "?"));
    const balances = positional(balancesSql("sqlite", false));
    const balancesSince = positional(balancesSql("sqlite", true));
    const deliveries = positional(SQL.deliveries);
    return {
      balances: async (since) => balanceMap((since === undefined ? balances.all(shop) : balancesSince.all(shop, timestampText(new Date(since)))) as Row[]),
      deliveries: async () => Object.fromEntries((deliveries.all() as Row[]).map((row) => [String(row.status), Number(row.n)])),
      referralCodes: async () => new Map((positional(SQL.codes).all(shop) as Row[]).map((row) => [String(row.customer), String(row.code)])),
      programRules: async () => String((positional(SQL.rules).get(shop) as Row | undefined)?.rules ?? "{}"),
      async orders(customerIds) {
        const marks = customerIds.map(() => "?").join(",");
        const sql = `SELECT order_id AS orderId, customer_id AS customerId, tier_at_paid AS tier, earned_points AS earned FROM orders WHERE shop = ? AND customer_id IN (${marks})`;
        return sqlite.prepare(sql).all(shop, ...customerIds) as { orderId: string; customerId: string; tier: string | null; earned: number | null }[];
      },
      async deliveryTimes(ids) {
        const sql = `SELECT id, received_at AS received, processed_at AS processed FROM webhook_deliveries WHERE id IN (${ids.map(() => "?").join(",")})`;
        return timesMap(ids.length === 0 ? [] : (sqlite.prepare(sql).all(...ids) as Row[]));
      },
      close: async () => void sqlite.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  // The run's end drops the database, which ends any connection still open: nothing to report then.
  pool.on("error", () => undefined);
  const rows = async (sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rows as Row[];
  return {
    balances: async (since) => balanceMap(await rows(balancesSql("postgres", since !== undefined), since === undefined ? [shop] : [shop, since])),
    deliveries: async () => Object.fromEntries((await rows(SQL.deliveries)).map((row) => [String(row.status), Number(row.n)])),
    referralCodes: async () => new Map((await rows(SQL.codes, [shop])).map((row) => [String(row.customer), String(row.code)])),
    programRules: async () => String((await rows(SQL.rules, [shop]))[0]?.rules ?? "{}"),
    orders: async (customerIds) =>
      (await rows(SQL.orders, [shop, customerIds])).map((row) => ({
        orderId: String(row.orderId),
        customerId: String(row.customerId),
        tier: row.tier === null ? null : String(row.tier),
        earned: row.earned === null ? null : Number(row.earned),
      })),
    deliveryTimes: async (ids) => timesMap(await rows(`SELECT id, received_at AS received, processed_at AS processed FROM webhook_deliveries WHERE id = ANY($1)`, [ids])),
    close: () => pool.end(),
  };
}
