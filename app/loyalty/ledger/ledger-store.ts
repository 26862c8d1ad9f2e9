import type { LedgerFlow, LedgerOutcome } from "./ledger-flow";

/**
 * Runs one ledger flow in one database transaction. Implemented per database, used only by the ledger writer.
 * It takes a function that starts the flow, so a store may run it again from the start after a serialization
 * conflict.
 */
export interface LedgerStore {
  run(startFlow: () => LedgerFlow): Promise<LedgerOutcome>;
}
