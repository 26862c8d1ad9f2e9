// What the feed has not published yet, found by the database: the rows of a source's window that have no event,
// or whose tier differs from the last one published. At thousands of transfers a minute, reading the whole
// window to compare it with the feed in the app cost a second a run (docs/decisions/053-background-jobs-beside-the-intake.md).
import { dateOf, type DriverSql } from "~/db/driver-sql.server";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { TransferStatus } from "~/loyalty/ledger/transfers";
import { eventIds, type TransferFacts } from "./loyalty-events";

// The event id is the transfer's id behind a prefix (eventIds.pointsChanged); the primary key finds it.
const UNPUBLISHED_TRANSFERS = `
  SELECT t.id, t.member_id, t.code, t.points, t.status, t.pending_id, t.order_id, t.created_at
  FROM transfers t
  WHERE t.shop = ? AND t.created_at >= ?
    AND NOT EXISTS (SELECT 1 FROM loyalty_events e WHERE e.id = CAST(? AS TEXT) || t.id)
  ORDER BY t.created_at, t.id
  LIMIT ?`;

/**
 * What a source's reading found: its unpublished rows, oldest first, and the time its cursor may move to, that of
 * the last row looked at (published or not): the rows' own stamps, never the reader's clock, which on another
 * instance may run ahead of the writers'.
 */
export interface Unpublished<R> {
  rows: R[];
  latest: Date | null;
}

const LATEST_TRANSFER = "SELECT MAX(created_at) AS latest FROM transfers WHERE shop = ? AND created_at >= ?";

/** The shop's transfers stamped from `from` on with no `points.changed` event yet, oldest first, at most `limit`. */
export async function unpublishedTransfers(sql: DriverSql, shop: string, from: Date, limit: number): Promise<Unpublished<TransferFacts>> {
  // The latest stamp first: a transfer committed between the two reads is looked at next run.
  const latest = dateOf((await sql.get<Record<string, unknown>>(LATEST_TRANSFER, [shop, from]))?.latest);
  const rows = (await sql.all<Record<string, unknown>>(UNPUBLISHED_TRANSFERS, [shop, from, eventIds.pointsChanged(""), limit])).map((row) => ({
    id: String(row.id),
    memberId: String(row.member_id),
    code: row.code as TransferCode,
    points: Number(row.points),
    status: row.status as TransferStatus,
    pendingId: row.pending_id === null ? null : String(row.pending_id),
    orderId: row.order_id === null ? null : String(row.order_id),
    createdAt: dateOf(row.created_at) as Date,
  }));
  return { rows, latest: rows.length < limit ? latest : (rows.at(-1)?.createdAt ?? latest) };
}

export interface MemberOffMark {
  id: string;
  customerId: string;
  redacted: boolean;
  tier: string;
  updatedAt: Date;
  /** The tier last published for the member and how many changes were, or null when none was marked. */
  mark: { tier: string; changes: number } | null;
}

const MEMBERS_OFF_THEIR_MARK = `
  SELECT m.id, m.customer_id, m.redacted_at, m.tier, m.updated_at, k.tier AS marked_tier, k.changes AS marked_changes
  FROM members m
  LEFT JOIN member_tier_marks k ON k.member_id = m.id
  WHERE m.shop = ? AND m.updated_at >= ? AND (k.member_id IS NULL OR k.tier <> m.tier)
  ORDER BY m.updated_at, m.id
  LIMIT ?`;

const LATEST_MEMBER = "SELECT MAX(updated_at) AS latest FROM members WHERE shop = ? AND updated_at >= ?";

/** The shop's members updated from `from` on whose tier is not the one last published for them, oldest first. */
export async function membersOffTheirMark(sql: DriverSql, shop: string, from: Date, limit: number): Promise<Unpublished<MemberOffMark>> {
  const latest = dateOf((await sql.get<Record<string, unknown>>(LATEST_MEMBER, [shop, from]))?.latest);
  const rows = (await sql.all<Record<string, unknown>>(MEMBERS_OFF_THEIR_MARK, [shop, from, limit])).map((row) => ({
    id: String(row.id),
    customerId: String(row.customer_id),
    redacted: row.redacted_at !== null,
    tier: String(row.tier),
    updatedAt: dateOf(row.updated_at) as Date,
    mark: row.marked_tier === null ? null : { tier: String(row.marked_tier), changes: Number(row.marked_changes) },
  }));
  return { rows, latest: rows.length < limit ? latest : (rows.at(-1)?.updatedAt ?? latest) };
}
