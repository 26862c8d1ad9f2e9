// The SQL both ledger stores run, and the mapping between rows and domain values. Column names are the ones
// prisma/schema.prisma maps to; placeholders are written `?` and numbered for PostgreSQL by the store.
import { timestampText } from "~/db/sqlite-timestamp";
import { availablePoints, type Balances } from "./balances";
import { ERASE_MEMBER_AUDIT_REASONS_SQL, ERASE_SHOP_AUDIT_EVENTS_SQL } from "~/loyalty/audit/audit-erasure-sql";
import { isTransferCode } from "./transfer-codes";
import type { Transfer, TransferStatus } from "./transfers";

export interface TransferRow {
  id: string;
  shop: string;
  member_id: string;
  code: string;
  points: number;
  status: string;
  pending_id: string | null;
  reverses_id: string | null;
  order_id: string | null;
  idempotency_key: string;
  fingerprint: string;
  memo: string | null;
  actor: string;
  created_at: string | Date;
}

export interface BalanceRow {
  posted: number | null;
  pending_credit: number | null;
  pending_debit: number | null;
  lifetime_earned: number | null;
}

const TRANSFER_COLUMNS =
  "id, shop, member_id, code, points, status, pending_id, reverses_id, order_id, idempotency_key, fingerprint, memo, actor, created_at";

const BALANCE_COLUMNS = "member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at, last_transfer_id";
const BALANCES_ON_CONFLICT = `ON CONFLICT (member_id) DO UPDATE SET posted = excluded.posted, pending_credit = excluded.pending_credit,
  pending_debit = excluded.pending_debit, available = excluded.available,
  lifetime_earned = excluded.lifetime_earned, updated_at = excluded.updated_at, last_transfer_id = excluded.last_transfer_id`;
const DAILY_COLUMNS = "shop, day, code, status, points, transfers";
const DAILY_ON_CONFLICT = `ON CONFLICT (shop, day, code, status) DO UPDATE SET points = ledger_daily.points + excluded.points,
  transfers = ledger_daily.transfers + 1`;

export const LEDGER_SQL = {
  transferByKey: `SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE shop = ? AND idempotency_key = ?`,
  transferById: `SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE id = ? AND shop = ?`,
  resolutionOf: `SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE pending_id = ?`,
  reversedPoints: `SELECT COALESCE(SUM(ABS(points)), 0) AS reversed FROM transfers WHERE reverses_id = ?`,
  /** The member (so a missing one is told apart) with its balances, absent until its first transfer. */
  memberBalances: `SELECT m.id, b.posted, b.pending_credit, b.pending_debit, b.lifetime_earned
    FROM members m LEFT JOIN balances b ON b.member_id = m.id WHERE m.id = ? AND m.shop = ?`,
  /**
   * memberBalances and transferByKey in one statement, the key's transfer in columns named `t_…`
   * (transferFromPrefixedRow): one round trip fewer per transfer on PostgreSQL.
   */
  memberAndKey: `SELECT m.id, b.posted, b.pending_credit, b.pending_debit, b.lifetime_earned,
      ${TRANSFER_COLUMNS.split(", ").map((column) => `t.${column} AS t_${column}`).join(", ")}
    FROM members m LEFT JOIN balances b ON b.member_id = m.id
      LEFT JOIN transfers t ON t.shop = m.shop AND t.idempotency_key = ?
    WHERE m.id = ? AND m.shop = ?`,
  insertTransfer: `INSERT INTO transfers (${TRANSFER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  /**
   * last_transfer_id names the transfer this write applies, appended just before in the same transaction: the
   * witness without which the balances triggers refuse the write (docs/decisions/027-balances-written-only-by-the-ledger.md).
   */
  upsertBalances: `INSERT INTO balances (${BALANCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${BALANCES_ON_CONFLICT}`,
  /** The transfer's points into its day, code and status sums (docs/decisions/014-live-dashboard-rollups.md). */
  addToDaily: `INSERT INTO ledger_daily (${DAILY_COLUMNS}) VALUES (?, ?, ?, ?, ?, 1) ${DAILY_ON_CONFLICT}`,
} as const;

/**
 * The PostgreSQL store's append (transfer, balances, day's sums) in one statement, each part written only when the
 * transfer was: parameters are transferParams, balanceParams and dailyParams in turn. It returns `appended`, 0
 * when another transfer took the key or the pending transfer first. The balances guard, a row-level AFTER trigger
 * on PostgreSQL, sees the transfer once the statement is done (docs/decisions/069-a-transfer-is-written-in-one-statement.md).
 */
export const APPEND_IN_ONE_STATEMENT = `WITH transfer AS (${LEDGER_SQL.insertTransfer} ON CONFLICT DO NOTHING RETURNING id),
  balance AS (INSERT INTO balances (${BALANCE_COLUMNS})
    SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER),
      CAST(? AS INTEGER), CAST(? AS TIMESTAMP(3)), CAST(? AS TEXT) FROM transfer ${BALANCES_ON_CONFLICT}),
  daily AS (INSERT INTO ledger_daily (${DAILY_COLUMNS})
    SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), 1 FROM transfer ${DAILY_ON_CONFLICT})
  SELECT COUNT(*) AS appended FROM transfer`;

/**
 * Erasing a shop's ledger (shop/redact): the append-only triggers allow deleting the transfers (and audit events),
 * and the balances triggers the balances, of a shop listed in ledger_redactions, which these statements list and
 * unlist within their one transaction.
 */
export const ERASE_SHOP_LEDGER_SQL = {
  mark: "INSERT INTO ledger_redactions (shop) VALUES (?) ON CONFLICT (shop) DO NOTHING",
  transfers: "DELETE FROM transfers WHERE shop = ?",
  balances: "DELETE FROM balances WHERE shop = ?",
  // The staff audit log is append-only under the same rule; its statement is the audit log's own.
  auditEvents: ERASE_SHOP_AUDIT_EVENTS_SQL,
  dailySums: "DELETE FROM ledger_daily WHERE shop = ?",
  unmark: "DELETE FROM ledger_redactions WHERE shop = ?",
} as const;

/**
 * Replaces the notes staff wrote on one member's transfers and audit events (customers/redact): adjustment reasons
 * and import notes may name the customer. The append-only triggers allow it only while the member is marked, and
 * only for those columns. Parameters: (memberId), (note, memberId, note), (note, memberId), (memberId).
 */
export const ERASE_MEMBER_NOTES_SQL = {
  mark: "INSERT INTO ledger_note_redactions (member_id) VALUES (?) ON CONFLICT (member_id) DO NOTHING",
  transfers: "UPDATE transfers SET memo = ? WHERE member_id = ? AND actor <> 'system' AND memo IS NOT NULL AND memo <> ?",
  auditEvents: ERASE_MEMBER_AUDIT_REASONS_SQL,
  unmark: "DELETE FROM ledger_note_redactions WHERE member_id = ?",
} as const;

export function transferFromRow(row: TransferRow): Transfer {
  if (!isTransferCode(row.code)) throw new Error(`transfer ${row.id} has unknown code ${row.code}`);
  return {
    id: row.id,
    shop: row.shop,
    memberId: row.member_id,
    code: row.code,
    points: Number(row.points),
    status: row.status as TransferStatus,
    pendingId: row.pending_id,
    reversesId: row.reverses_id,
    orderId: row.order_id,
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    memo: row.memo,
    actor: row.actor,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}

/** The transfer in a memberAndKey row, or null when no transfer holds the key. */
export function transferFromPrefixedRow(row: Record<string, unknown>): Transfer | null {
  if (row.t_id === null || row.t_id === undefined) return null;
  const columns = TRANSFER_COLUMNS.split(", ").map((column) => [column, row[`t_${column}`]]);
  return transferFromRow(Object.fromEntries(columns) as TransferRow);
}

export function balancesFromRow(row: BalanceRow): Balances {
  return {
    posted: Number(row.posted ?? 0),
    pendingCredit: Number(row.pending_credit ?? 0),
    pendingDebit: Number(row.pending_debit ?? 0),
    lifetimeEarned: Number(row.lifetime_earned ?? 0),
  };
}

export function transferParams(t: Transfer): unknown[] {
  return [
    t.id, t.shop, t.memberId, t.code, t.points, t.status, t.pendingId, t.reversesId, t.orderId,
    t.idempotencyKey, t.fingerprint, t.memo, t.actor, timestampText(t.createdAt),
  ];
}

/** A transfer's row in ledger_daily: its UTC day, code and status, and its points. */
export function dailyParams(t: Transfer): unknown[] {
  return [t.shop, ledgerDay(t.createdAt), t.code, t.status, t.points];
}

/** The UTC day a timestamp falls on, as ledger_daily keys it. */
export function ledgerDay(date: Date): string {
  return timestampText(date).slice(0, 10);
}

/** A member's balances row; `lastTransferId` is the member's transfer that led to these balances. */
export function balanceParams(shop: string, memberId: string, b: Balances, now: Date, lastTransferId: string): unknown[] {
  return [memberId, shop, b.posted, b.pendingCredit, b.pendingDebit, availablePoints(b), b.lifetimeEarned, timestampText(now), lastTransferId];
}
