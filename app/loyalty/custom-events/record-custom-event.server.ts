// Points for a custom event: one CUSTOM_EVENT transfer through the ledger writer, keyed by the caller's
// idempotency key, so a retried call earns once and a reused key with another event is refused by the ledger.
import type { TallyDatabase } from "~/db/database.server";
import { availablePoints } from "~/loyalty/ledger/balances";
import type { Transfer } from "~/loyalty/ledger/transfers";
import { customEventLedgerKey, customEventMemo, type CustomEvent } from "./custom-event";

export interface CustomEventRequest extends CustomEvent {
  shop: string;
  memberId: string;
  idempotencyKey: string;
  /** Who reported it, recorded as the transfer's actor (the API key). */
  actor: string;
}

export type CustomEventResult =
  | { ok: true; transfer: Transfer; available: number; replayed: boolean }
  | { ok: false; error: "member_not_found" | "idempotency_conflict" };

export async function recordCustomEvent(db: TallyDatabase, request: CustomEventRequest): Promise<CustomEventResult> {
  const outcome = await db.ledger.recordTransfer({
    shop: request.shop,
    memberId: request.memberId,
    code: "CUSTOM_EVENT",
    points: request.points,
    status: "posted",
    idempotencyKey: customEventLedgerKey(request.idempotencyKey),
    memo: customEventMemo(request),
    actor: request.actor,
  });
  if (outcome.ok) return { ok: true, transfer: outcome.transfer, available: availablePoints(outcome.balances), replayed: outcome.replayed };
  if (outcome.error === "member_not_found" || outcome.error === "idempotency_conflict") return { ok: false, error: outcome.error };
  // The API's schema keeps requests well formed; anything else is a bug, not the caller's mistake.
  throw new Error(`custom event: ${outcome.error}: ${outcome.message}`);
}
