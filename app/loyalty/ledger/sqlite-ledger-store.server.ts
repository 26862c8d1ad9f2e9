// Runs the ledger flow against SQLite with better-sqlite3, the driver Prisma's adapter uses, directly: one
// IMMEDIATE transaction per transfer, executed synchronously, so concurrent requests in this process cannot
// interleave. See docs/decisions/004-ledger-writes-on-the-driver.md.
//
// Waiting for the write lock must not block the event loop: the lock may be held by Prisma's own connection in
// this very process, in the middle of an async transaction that can only finish if the event loop turns. So
// SQLite waits only briefly (busy_timeout) and a busy database is retried after yielding, until WAIT_MS.
import type Database from "better-sqlite3";
import type { LedgerFlow, LedgerOp, LedgerOutcome } from "./ledger-flow";
import type { LedgerStore } from "./ledger-store";
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

const BUSY_TIMEOUT_MS = 5;
const WAIT_MS = 10_000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSqliteLedgerStore(db: Database.Database): LedgerStore {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
      case "memberBalances": {
        const row = statements.memberBalances.get(op.memberId, op.shop);
        return row ? balancesFromRow(row) : null;
      }
      case "transferByKey": {
        const row = statements.transferByKey.get(op.shop, op.idempotencyKey);
        return row ? transferFromRow(row) : null;
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
        statements.upsertBalances.run(...balanceParams(op.transfer.shop, op.transfer.memberId, op.balances, op.transfer.createdAt));
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

  async function whenWritable<T>(write: () => T): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return write();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await pause(Math.min(1 + attempt, 20));
      }
    }
  }

  return {
    run: (startFlow) => whenWritable(() => runFlow.immediate(startFlow)),
    eraseShop: (shop) => whenWritable(() => eraseShop.immediate(shop)),
    eraseMemberNotes: (memberId, note) => whenWritable(() => eraseMemberNotes.immediate(memberId, note)),
  };
}
