// Runs the ledger flow against PostgreSQL with node-postgres, the driver Prisma's adapter uses, directly: one
// transaction per transfer that first locks the member's row, so concurrent transfers of one member queue up
// and a reservation can never spend points another one already took. See docs/decisions/004-ledger-writes-on-the-driver.md.
import pg from "pg";
import type { LedgerFlow, LedgerOp, LedgerOutcome, MemberAndKey } from "./ledger-flow";
import type { LedgerStore, ShopErasure } from "./ledger-store";
import {
  APPEND_IN_ONE_STATEMENT,
  ERASE_MEMBER_NOTES_SQL,
  ERASE_SHOP_LEDGER_SQL,
  LEDGER_SQL,
  balanceParams,
  balancesFromRow,
  dailyParams,
  transferFromPrefixedRow,
  transferFromRow,
  transferParams,
  type BalanceRow,
  type TransferRow,
} from "./ledger-rows.server";

const UNIQUE_VIOLATION = "23505";
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
// Two first transfers racing with one idempotency key for different members: the loser reruns and sees the winner.
const ATTEMPTS = 3;

/** `?` placeholders become `$1, $2, …`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// Prisma stores DateTime as UTC in `timestamp(3)` columns; node-postgres would read them as local time.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

const STATEMENTS = {
  ...LEDGER_SQL,
  lockMember: "SELECT id FROM members WHERE id = ? AND shop = ? FOR NO KEY UPDATE",
  // A transfer whose key (or pending transfer) another one took first is not inserted, and the flow runs again
  // (rerunOnUniqueViolation): nothing fails, so a unit's transaction needs no savepoint around the flow. Its
  // balances and day's sums go in the same statement.
  append: APPEND_IN_ONE_STATEMENT,
};

// Each a named statement, parsed and planned once per connection: every delivery that earns runs three of them
// (the app's other hot statements are named the same way, app/db/driver-sql.server.ts).
const SQL = Object.fromEntries(
  Object.entries(STATEMENTS).map(([name, sql]) => [name, { name: `tally_ledger_${name}`, text: numbered(sql) }]),
) as Record<keyof typeof STATEMENTS, { name: string; text: string }>;

async function execute(client: pg.ClientBase, op: LedgerOp): Promise<unknown> {
  const result = <R extends pg.QueryResultRow>(statement: { name: string; text: string }, values: unknown[]) => client.query<R>({ ...statement, values, types });
  const query = async <R extends pg.QueryResultRow>(statement: { name: string; text: string }, values: unknown[]) => (await result<R>(statement, values)).rows[0];
  switch (op.op) {
    case "memberAndKey": {
      // Lock, then read in a new statement: under READ COMMITTED a statement that waited for a lock still
      // returns the rows as they were when it started, so balances read by the locking statement itself
      // would be the ones from before the previous holder committed. The read after it sees what that holder
      // committed, the key's transfer included.
      const none: MemberAndKey = { balances: null, existing: null };
      if (!(await query(SQL.lockMember, [op.memberId, op.shop]))) return none;
      const row = await query<BalanceRow & Record<string, unknown>>(SQL.memberAndKey, [op.idempotencyKey, op.memberId, op.shop]);
      return row ? ({ balances: balancesFromRow(row), existing: transferFromPrefixedRow(row) } satisfies MemberAndKey) : none;
    }
    case "transferById": {
      const row = await query<TransferRow>(SQL.transferById, [op.id, op.shop]);
      return row ? transferFromRow(row) : null;
    }
    case "resolutionOf": {
      const row = await query<TransferRow>(SQL.resolutionOf, [op.pendingId]);
      return row ? transferFromRow(row) : null;
    }
    case "reversedPoints":
      return Number((await query<{ reversed: string }>(SQL.reversedPoints, [op.transferId]))?.reversed ?? 0);
    case "append": {
      // The flow's one write: a transfer not inserted wrote nothing, so there is nothing to undo before the rerun.
      const balances = balanceParams(op.transfer.shop, op.transfer.memberId, op.balances, op.transfer.createdAt, op.transfer.id);
      const appended = await query<{ appended: string }>(SQL.append, [...transferParams(op.transfer), ...balances, ...dailyParams(op.transfer)]);
      if (Number(appended?.appended ?? 0) === 0) throw new KeyTakenFirst();
      return undefined;
    }
  }
}

async function runFlow(client: pg.ClientBase, startFlow: () => LedgerFlow): Promise<LedgerOutcome> {
  const flow = startFlow();
  let step = flow.next();
  while (!step.done) step = flow.next(await execute(client, step.value));
  return step.value;
}

async function eraseShopOn(client: pg.ClientBase, shop: string): Promise<ShopErasure> {
  const sql = (text: string) => client.query(numbered(text), [shop]);
  await sql(ERASE_SHOP_LEDGER_SQL.mark);
  const transfers = (await sql(ERASE_SHOP_LEDGER_SQL.transfers)).rowCount ?? 0;
  const balances = (await sql(ERASE_SHOP_LEDGER_SQL.balances)).rowCount ?? 0;
  const auditEvents = (await sql(ERASE_SHOP_LEDGER_SQL.auditEvents)).rowCount ?? 0;
  await sql(ERASE_SHOP_LEDGER_SQL.dailySums);
  await sql(ERASE_SHOP_LEDGER_SQL.unmark);
  return { transfers, balances, auditEvents };
}

async function eraseMemberNotesOn(client: pg.ClientBase, memberId: string, note: string): Promise<{ transfers: number; auditEvents: number }> {
  await client.query(numbered(ERASE_MEMBER_NOTES_SQL.mark), [memberId]);
  const transfers = (await client.query(numbered(ERASE_MEMBER_NOTES_SQL.transfers), [note, memberId, note])).rowCount ?? 0;
  const auditEvents = (await client.query(numbered(ERASE_MEMBER_NOTES_SQL.auditEvents.postgres), [note, memberId])).rowCount ?? 0;
  await client.query(numbered(ERASE_MEMBER_NOTES_SQL.unmark), [memberId]);
  return { transfers, auditEvents };
}

/** A transfer's idempotency key, or the pending transfer it resolves, was taken by another transfer first. */
class KeyTakenFirst extends Error {
  readonly code = UNIQUE_VIOLATION;
  constructor() {
    super("another transfer took this transfer's idempotency key or pending transfer first");
  }
}

/** Runs `work` again after a unique violation (two first requests for one key), up to ATTEMPTS times. */
async function rerunOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION || n >= ATTEMPTS) throw error;
    }
  }
}

export function createPostgresLedgerStore(pool: pg.Pool): LedgerStore {
  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return {
    run: (startFlow) => rerunOnUniqueViolation(() => inTransaction((client) => runFlow(client, startFlow))),
    eraseShop: (shop) => inTransaction((client) => eraseShopOn(client, shop)),
    eraseMemberNotes: (memberId, note) => inTransaction((client) => eraseMemberNotesOn(client, memberId, note)),
  };
}

/**
 * The same flow inside a transaction someone else opened on `client` (a unit of work, see
 * app/db/database.server.ts); the member's row lock is then held until the unit commits. A transfer whose key was
 * taken first is not inserted (KeyTakenFirst), so the transaction stays usable for the rerun without a savepoint:
 * two round trips fewer per transfer (docs/decisions/059-fewer-round-trips-per-delivery.md). The erasures, rare,
 * keep theirs.
 */
export function postgresLedgerStoreInTransaction(client: pg.ClientBase): LedgerStore {
  async function inSavepoint<T>(work: () => Promise<T>): Promise<T> {
    await client.query("SAVEPOINT tally_ledger");
    try {
      const result = await work();
      await client.query("RELEASE SAVEPOINT tally_ledger");
      return result;
    } catch (error) {
      await client.query("ROLLBACK TO SAVEPOINT tally_ledger").catch(() => undefined);
      throw error;
    }
  }
  return {
    run: (startFlow) => rerunOnUniqueViolation(() => runFlow(client, startFlow)),
    eraseShop: (shop) => inSavepoint(() => eraseShopOn(client, shop)),
    eraseMemberNotes: (memberId, note) => inSavepoint(() => eraseMemberNotesOn(client, memberId, note)),
  };
}
