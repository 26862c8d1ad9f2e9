// Runs the ledger flow against SQLite with better-sqlite3, the driver Prisma's adapter uses, directly: one
// IMMEDIATE transaction per transfer, executed synchronously, so concurrent requests in this process cannot
// interleave. See docs/decisions/004-ledger-writes-on-the-driver.md.
//
// The connection is the one Prisma uses too (app/db/sqlite-connection.server.ts): a standalone transfer takes it
// and waits, without blocking the event loop, for the write lock; inside a unit of work the unit's transaction
// already holds both, and the flow runs as a savepoint in it (better-sqlite3 nests its transactions so).
import type { SqliteConnection } from "~/db/sqlite-connection.server";
import type { LedgerFlow, LedgerOp, LedgerOutcome, MemberAndKey } from "./ledger-flow";
import type { LedgerStore, ShopErasure } from "./ledger-store";
import {
  ERASE_MEMBER_NOTES_SQL,
  ERASE_SHOP_LEDGER_SQL,
  LEDGER_SQL,
  balanceParams,
  balancesFromRow,
  dailyParams,
  transferFromRow,
  transferParams,
  type BalanceRow,
  type TransferRow,
} from "./ledger-rows.server";

export interface SqliteLedgerStores {
  /** Each transfer its own transaction. */
  standalone: LedgerStore;
  /** Transfers inside the unit of work that holds the connection. */
  inTransaction: LedgerStore;
}

export function createSqliteLedgerStore(connection: SqliteConnection): SqliteLedgerStores {
  const db = connection.raw;
  const statements = {
    transferByKey: db.prepare<[string, string], TransferRow>(LEDGER_SQL.transferByKey),
    transferById: db.prepare<[string, string], TransferRow>(LEDGER_SQL.transferById),
    resolutionOf: db.prepare<[string], TransferRow>(LEDGER_SQL.resolutionOf),
    reversedPoints: db.prepare<[string], { reversed: number }>(LEDGER_SQL.reversedPoints),
    memberBalances: db.prepare<[string, string], BalanceRow>(LEDGER_SQL.memberBalances),
    insertTransfer: db.prepare(LEDGER_SQL.insertTransfer),
    upsertBalances: db.prepare(LEDGER_SQL.upsertBalances),
    addToDaily: db.prepare(LEDGER_SQL.addToDaily),
  };

  function execute(op: LedgerOp): unknown {
    switch (op.op) {
      case "memberAndKey": {
        const member = statements.memberBalances.get(op.memberId, op.shop);
        const existing = member ? statements.transferByKey.get(op.shop, op.idempotencyKey) : undefined;
        return { balances: member ? balancesFromRow(member) : null, existing: existing ? transferFromRow(existing) : null } satisfies MemberAndKey;
      }
      case "transferById": {
        const row = statements.transferById.get(op.id, op.shop);
        return row ? transferFromRow(row) : null;
      }
      case "resolutionOf": {
        const row = statements.resolutionOf.get(op.pendingId);
        return row ? transferFromRow(row) : null;
      }
      case "reversedPoints":
        return Number(statements.reversedPoints.get(op.transferId)?.reversed ?? 0);
      case "append":
        statements.insertTransfer.run(...transferParams(op.transfer));
        statements.upsertBalances.run(...balanceParams(op.transfer.shop, op.transfer.memberId, op.balances, op.transfer.createdAt, op.transfer.id));
        statements.addToDaily.run(...dailyParams(op.transfer));
        return undefined;
    }
  }

  const runFlow = db.transaction((startFlow: () => LedgerFlow): LedgerOutcome => {
    const flow = startFlow();
    let step = flow.next();
    while (!step.done) step = flow.next(execute(step.value));
    return step.value;
  });

  const eraseShop = db.transaction((shop: string) => {
    db.prepare(ERASE_SHOP_LEDGER_SQL.mark).run(shop);
    const transfers = db.prepare(ERASE_SHOP_LEDGER_SQL.transfers).run(shop).changes;
    const balances = db.prepare(ERASE_SHOP_LEDGER_SQL.balances).run(shop).changes;
    const auditEvents = db.prepare(ERASE_SHOP_LEDGER_SQL.auditEvents).run(shop).changes;
    db.prepare(ERASE_SHOP_LEDGER_SQL.dailySums).run(shop);
    db.prepare(ERASE_SHOP_LEDGER_SQL.unmark).run(shop);
    return { transfers, balances, auditEvents };
  });

  const eraseMemberNotes = db.transaction((memberId: string, note: string) => {
    db.prepare(ERASE_MEMBER_NOTES_SQL.mark).run(memberId);
    const transfers = db.prepare(ERASE_MEMBER_NOTES_SQL.transfers).run(note, memberId, note).changes;
    const auditEvents = db.prepare(ERASE_MEMBER_NOTES_SQL.auditEvents.sqlite).run(note, memberId).changes;
    db.prepare(ERASE_MEMBER_NOTES_SQL.unmark).run(memberId);
    return { transfers, auditEvents };
  });

  const sync = <T>(run: () => T) => Promise.resolve().then(run);
  return {
    standalone: {
      run: (startFlow) => connection.write(() => runFlow.immediate(startFlow)),
      eraseShop: (shop) => connection.write(() => eraseShop.immediate(shop) as ShopErasure),
      eraseMemberNotes: (memberId, note) => connection.write(() => eraseMemberNotes.immediate(memberId, note)),
    },
    inTransaction: {
      run: (startFlow) => sync(() => runFlow(startFlow)),
      eraseShop: (shop) => sync(() => eraseShop(shop) as ShopErasure),
      eraseMemberNotes: (memberId, note) => sync(() => eraseMemberNotes(memberId, note)),
    },
  };
}
