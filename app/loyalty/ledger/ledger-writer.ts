// The one way points change. Every transfer goes through here: one transaction that checks idempotency,
// decides (ledger-flow.ts), appends the transfer and updates the member's derived balances.
import { ledgerFlow, type LedgerOutcome } from "./ledger-flow";
import { timeOrderedId } from "./transfer-ids";
import type { LedgerStore, NoteErasure, ShopErasure } from "./ledger-store";
import type { TransferCode } from "./transfer-codes";
import type { LedgerRequest, RecordTransferRequest, ReverseTransferRequest } from "./transfers";

export interface LedgerWriterOptions {
  /** The time stamped on transfers; injected by tests and the job runner. */
  clock?: () => Date;
  newId?: () => string;
}


export interface PendingResolution {
  shop: string;
  pendingId: string;
  idempotencyKey: string;
  memo?: string | null;
  actor?: string;
}

export interface Reservation {
  shop: string;
  memberId: string;
  /** Points to hold for the reward (a positive number). */
  points: number;
  idempotencyKey: string;
  memo?: string | null;
  actor?: string;
}

export interface LedgerWriter {
  /** Credits or debits a member, posted now or pending. */
  recordTransfer(request: Omit<RecordTransferRequest, "kind">): Promise<LedgerOutcome>;
  /** Holds points for a redemption as a pending debit; fails with insufficient_points rather than go below zero. */
  reservePointsForReward(reservation: Reservation): Promise<LedgerOutcome>;
  postPendingTransfer(resolution: PendingResolution): Promise<LedgerOutcome>;
  /** Voids a pending transfer; `code` says why (REDEMPTION_RELEASE, CANCELLATION, …). */
  voidPendingTransfer(resolution: PendingResolution & { code: TransferCode }): Promise<LedgerOutcome>;
  reverseTransfer(request: Omit<ReverseTransferRequest, "kind">): Promise<LedgerOutcome>;
  /** Erases a shop's whole ledger, for shop/redact only: Shopify's order to delete a shop's data 48 hours after uninstall. */
  eraseShopLedger(shop: string): Promise<ShopErasure>;
  /**
   * For customers/redact only: replaces the notes staff wrote on the member's transfers and audit events (an
   * adjustment's reason, an import's note may name the customer) with a neutral one. Points, codes, statuses and
   * keys stay as they are.
   */
  eraseMemberNotes(memberId: string): Promise<NoteErasure>;
}

/** What an erased note reads in the member's history. */
export const ERASED_NOTE = "Note removed with the customer's personal data";

export function createLedgerWriter(store: LedgerStore, options: LedgerWriterOptions = {}): LedgerWriter {
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? (() => timeOrderedId());
  const run = (request: LedgerRequest) => store.run(() => ledgerFlow(request, { newId, now: clock() }));
  return {
    recordTransfer: (request) => run({ ...request, kind: "record" }),
    reservePointsForReward: (reservation) =>
      run({
        kind: "record",
        shop: reservation.shop,
        memberId: reservation.memberId,
        code: "REDEMPTION",
        points: -reservation.points,
        status: "pending",
        requireAvailable: true,
        idempotencyKey: reservation.idempotencyKey,
        memo: reservation.memo,
        actor: reservation.actor,
      }),
    postPendingTransfer: (resolution) => run({ ...resolution, kind: "resolve", outcome: "post" }),
    voidPendingTransfer: (resolution) => run({ ...resolution, kind: "resolve", outcome: "void" }),
    reverseTransfer: (request) => run({ ...request, kind: "reverse" }),
    eraseShopLedger: (shop) => store.eraseShop(shop),
    eraseMemberNotes: (memberId) => store.eraseMemberNotes(memberId, ERASED_NOTE),
  };
}
