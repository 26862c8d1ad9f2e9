import type { TransferCode } from "./transfer-codes";

export type TransferStatus = "pending" | "posted" | "voided";

/** One row of the ledger, as stored. Never changed once written. */
export interface Transfer {
  id: string;
  shop: string;
  memberId: string;
  code: TransferCode;
  /** Signed: credits positive, debits negative. A resolution row repeats the points of the pending transfer it resolves. */
  points: number;
  status: TransferStatus;
  /** Set on the row that posts or voids a pending transfer; unique, so a pending transfer resolves at most once. */
  pendingId: string | null;
  /** Set on a reversal: the posted transfer it (partly) undoes. */
  reversesId: string | null;
  orderId: string | null;
  idempotencyKey: string;
  fingerprint: string;
  memo: string | null;
  actor: string;
  createdAt: Date;
}

/** Record new points for a member: earned, spent, imported or adjusted. */
export interface RecordTransferRequest {
  kind: "record";
  shop: string;
  memberId: string;
  code: TransferCode;
  points: number;
  status: "posted" | "pending";
  idempotencyKey: string;
  orderId?: string | null;
  memo?: string | null;
  actor?: string;
  /** A debit that must be covered by the available balance (a reservation, a spend). */
  requireAvailable?: boolean;
  /**
   * The request behind a transfer whose key names a place rather than the request (a custom event's k-th place in
   * its period, app/loyalty/custom-events/custom-event-rules.ts). Part of the fingerprint, so the same request
   * again replays while another request for the same place conflicts and moves to the next one.
   */
  requestRef?: string;
}

/** Post or void a pending transfer. Posting keeps the pending transfer's code; voiding records why. */
export interface ResolvePendingRequest {
  kind: "resolve";
  shop: string;
  pendingId: string;
  outcome: "post" | "void";
  /** The reason for a void (e.g. REDEMPTION_RELEASE, CANCELLATION); ignored when posting. */
  code?: TransferCode;
  idempotencyKey: string;
  memo?: string | null;
  actor?: string;
}

/** Undo all or part of a posted transfer with a new transfer of the opposite sign. */
export interface ReverseTransferRequest {
  kind: "reverse";
  shop: string;
  transferId: string;
  /** How many of the original points to undo (a positive magnitude). */
  points: number;
  code: TransferCode;
  idempotencyKey: string;
  memo?: string | null;
  actor?: string;
}

export type LedgerRequest = RecordTransferRequest | ResolvePendingRequest | ReverseTransferRequest;

export const LEDGER_ERRORS = [
  "invalid_request",
  "member_not_found",
  "transfer_not_found",
  "idempotency_conflict",
  "insufficient_points",
  "not_pending",
  "already_resolved",
  "not_reversible",
  "reversal_exceeds_transfer",
] as const;

export type LedgerError = (typeof LEDGER_ERRORS)[number];
