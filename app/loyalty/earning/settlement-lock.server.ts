// The shop's settlement lock: the one lock that settling an order, and writing a shop's orders, takes.
import type { TallyDatabase } from "~/db/database.server";

/**
 * The lock every settlement in a shop holds. On PostgreSQL every settlement of a shop updates the same rows (the
 * shop's daily sums), so two instances settling one shop wait for each other there anyway; taken before anything
 * is written, they wait before holding anything (docs/decisions/033-settlement-on-the-driver.md). It is also what
 * keeps two events of one order apart, which settled at once would plan from the same ledger state: an order's
 * own lock inside it guarded nothing more (docs/decisions/055-fewer-statements-per-delivery.md), and what keeps
 * two writes of one order's rollups apart (order-rollups.server.ts, docs/decisions/056-the-shops-lock-keeps-order-rollups-apart.md).
 */
export function shopSettlementLock(shop: string): string {
  return `${SHOP_SETTLEMENT_LOCK_PREFIX}${shop}`;
}

/** What a shop's settlement lock is named with before its domain: the queue's claim probes the lock by it. */
export const SHOP_SETTLEMENT_LOCK_PREFIX = "settlement:";

/**
 * Runs `work` holding the shop's settlement lock. Taken again where it is held, it costs nothing; inside a unit
 * of work it is held until the unit ends (database.server.ts).
 */
export function withSettlementLock<T>(db: TallyDatabase, shop: string, work: () => Promise<T>): Promise<T> {
  return db.withLock(shopSettlementLock(shop), work);
}
