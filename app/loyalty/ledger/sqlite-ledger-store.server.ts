// Runs the ledger flow against SQLite with better-sqlite3, the driver Prisma's adapter uses, directly: one
// IMMEDIATE transaction per transfer, executed synchronously, so concurrent requests in this process cannot
// interleave and other processes wait on SQLite's write lock (busy_timeout). See docs/decisions/004-ledger-writes-on-the-driver.md.
import type Database from "better-sqlite3";
import type { LedgerFlow, LedgerOp, LedgerOutcome } from "./ledger-flow";
import type { LedgerStore } from "./ledger-store";
import {
  LEDGER_SQL,
  balanceParams,
  balancesFromRow,
  transferFromRow,
  transferParams,
  type BalanceRow,
  type TransferRow,
} from "./ledger-rows.server";

export function createSqliteLedgerStore(db: Database.Database): LedgerStore {
  const statements = {
    transferByKey: db.prepare<[string, string], TransferRow>(LEDGER_SQL.transferByKey),
    transferById: db.prepare<[string, string], TransferRow>(LEDGER_SQL.transferById),
    resolutionOf: db.prepare<[string], TransferRow>(LEDGER_SQL.resolutionOf),
    reversedPoints: db.prepare<[string], { reversed: number }>(LEDGER_SQL.reversedPoints),
    memberBalances: db.prepare<[string, string], BalanceRow>(LEDGER_SQL.memberBalances),
    insertTransfer: db.prepare(LEDGER_SQL.insertTransfer),
    upsertBalances: db.prepare(LEDGER_SQL.upsertBalances),
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
        return undefined;
    }
  }

  const runFlow = db.transaction((startFlow: () => LedgerFlow): LedgerOutcome => {
    const flow = startFlow();
    let step = flow.next();
    while (!step.done) step = flow.next(execute(step.value));
    return step.value;
  });

  return {
    run: async (startFlow) => runFlow.immediate(startFlow),
  };
}
