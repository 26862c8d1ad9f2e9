import type { LedgerFlow, LedgerOutcome } from "./ledger-flow";

/**
 * Runs one ledger flow in one database transaction. Implemented per database, used only by the ledger writer.
 * It takes a function that starts the flow, so a store may run it again from the start after a serialization
 * conflict.
 */
export interface LedgerStore {
  run(startFlow: () => LedgerFlow): Promise<LedgerOutcome>;
  /** Deletes every transfer and balance of a shop, in one transaction: the only deletion the ledger allows. */
  eraseShop(shop: string): Promise<ShopErasure>;
  /** Replaces the staff-written notes of one member's transfers and audit events with `note`, in one transaction. */
  eraseMemberNotes(memberId: string, note: string): Promise<NoteErasure>;
}

export interface NoteErasure {
  transfers: number;
  auditEvents: number;
}

export interface ShopErasure {
  transfers: number;
  balances: number;
  auditEvents: number;
}
