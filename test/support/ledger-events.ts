// Random business events for the ledger's property tests, and how one run turns them into writer calls. An event
// that points at an earlier transfer ("post a pending one", "reverse part of a posted one") picks it among the
// transfers this run created, so the same events give the same calls on any database, whatever ids it hands out.
import fc from "fast-check";
import { availablePoints } from "~/loyalty/ledger/balances";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { LedgerWriter, PendingResolution, Reservation } from "~/loyalty/ledger/ledger-writer";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { RecordTransferRequest, ReverseTransferRequest, Transfer } from "~/loyalty/ledger/transfers";

export const MEMBERS = 3;

const CREDIT_CODES = ["PURCHASE", "SIGNUP_BONUS", "REFERRAL_ADVOCATE", "MILESTONE_BONUS", "IMPORT", "ADJUSTMENT"] as const satisfies TransferCode[];
const DEBIT_CODES = ["ADJUSTMENT", "EXPIRY", "REDEMPTION"] as const satisfies TransferCode[];
const REVERSAL_CODES = ["REFUND_REVERSAL", "CANCELLATION", "ADJUSTMENT"] as const satisfies TransferCode[];

export type LedgerEvent =
  | { type: "credit"; member: number; code: TransferCode; points: number; pending: boolean }
  /** A posted debit; with `spend`, one the available balance must cover. */
  | { type: "debit"; member: number; code: TransferCode; points: number; spend: boolean }
  | { type: "reserve"; member: number; points: number }
  /** Reserve the member's whole available balance, one point less, or one point more: the edge of "enough". */
  | { type: "reserveAll"; member: number; delta: -1 | 0 | 1 }
  /** Post or void the `pick`-th pending transfer created so far (resolved or not). */
  | { type: "resolve"; pick: number; post: boolean }
  /** Reverse `percent` % of the `pick`-th posted transfer created so far (over 100 % asks too much). */
  | { type: "reverse"; pick: number; percent: number; code: TransferCode }
  /** Send the `pick`-th earlier call again, verbatim. */
  | { type: "resend"; pick: number };

const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const pick = fc.nat({ max: 1_000 });

export const ledgerEvent: fc.Arbitrary<LedgerEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant("credit" as const), member, code: fc.constantFrom(...CREDIT_CODES), points: fc.integer({ min: 1, max: 500 }), pending: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("debit" as const), member, code: fc.constantFrom(...DEBIT_CODES), points: fc.integer({ min: 1, max: 200 }), spend: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("reserve" as const), member, points: fc.integer({ min: 1, max: 150 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("reserveAll" as const), member, delta: fc.constantFrom(-1 as const, 0 as const, 1 as const) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("resolve" as const), pick, post: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("reverse" as const), pick, percent: fc.integer({ min: 1, max: 120 }), code: fc.constantFrom(...REVERSAL_CODES) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("resend" as const), pick }) },
);

// size "max": fast-check's default size keeps arrays near ten events, too few to build balances worth racing for.
export const ledgerEvents = fc.array(ledgerEvent, { minLength: 1, maxLength: 40, size: "max" });

type Request<T> = Omit<T, "kind">;

/** One call of the writer's API, kept as data so it can be sent again verbatim. */
export type LedgerCall =
  | { method: "recordTransfer"; request: Request<RecordTransferRequest> }
  | { method: "reservePointsForReward"; request: Reservation }
  | { method: "postPendingTransfer"; request: PendingResolution }
  | { method: "voidPendingTransfer"; request: PendingResolution & { code: TransferCode } }
  | { method: "reverseTransfer"; request: Request<ReverseTransferRequest> };

export function sendCall(ledger: LedgerWriter, call: LedgerCall): Promise<LedgerOutcome> {
  switch (call.method) {
    case "recordTransfer":
      return ledger.recordTransfer(call.request);
    case "reservePointsForReward":
      return ledger.reservePointsForReward(call.request);
    case "postPendingTransfer":
      return ledger.postPendingTransfer(call.request);
    case "voidPendingTransfer":
      return ledger.voidPendingTransfer(call.request);
    case "reverseTransfer":
      return ledger.reverseTransfer(call.request);
  }
}

export function keyOf(call: LedgerCall): string {
  return call.request.idempotencyKey;
}

/** What one event became: nothing, when it pointed at a kind of transfer the run had not created yet. */
export type PlayedEvent = { call: LedgerCall; outcome: LedgerOutcome } | null;

/** Sends the events one after another, each with its own idempotency key (`e:<index>`), and records every outcome. */
export async function playEvents(ledger: LedgerWriter, shop: string, memberIds: readonly string[], events: readonly LedgerEvent[]): Promise<PlayedEvent[]> {
  const played: PlayedEvent[] = [];
  const created: Transfer[] = [];
  // As the writer last reported it: only for picking amounts, the tests check the figures themselves.
  const available = new Map<string, number>();
  for (const [index, event] of events.entries()) {
    const call = callFor(event, `e:${index}`);
    if (!call) {
      played.push(null);
      continue;
    }
    const outcome = await sendCall(ledger, call);
    if (outcome.ok && !outcome.replayed) created.push(outcome.transfer);
    if (outcome.ok) available.set(outcome.transfer.memberId, availablePoints(outcome.balances));
    played.push({ call, outcome });
  }
  return played;

  function memberId(n: number): string {
    const id = memberIds[n];
    if (id === undefined) throw new Error(`no member ${n}`);
    return id;
  }

  function callFor(event: LedgerEvent, idempotencyKey: string): LedgerCall | null {
    switch (event.type) {
      case "credit":
        return {
          method: "recordTransfer",
          request: { shop, memberId: memberId(event.member), code: event.code, points: event.points, status: event.pending ? "pending" : "posted", idempotencyKey },
        };
      case "debit":
        return {
          method: "recordTransfer",
          request: { shop, memberId: memberId(event.member), code: event.code, points: -event.points, status: "posted", requireAvailable: event.spend, idempotencyKey },
        };
      case "reserve":
        return { method: "reservePointsForReward", request: { shop, memberId: memberId(event.member), points: event.points, idempotencyKey } };
      case "reserveAll": {
        const points = (available.get(memberId(event.member)) ?? 0) + event.delta;
        if (points <= 0) return null;
        return { method: "reservePointsForReward", request: { shop, memberId: memberId(event.member), points, idempotencyKey } };
      }
      case "resolve": {
        const pending = created.filter((transfer) => transfer.status === "pending");
        const target = pending[event.pick % Math.max(pending.length, 1)];
        if (!target) return null;
        if (event.post) return { method: "postPendingTransfer", request: { shop, pendingId: target.id, idempotencyKey } };
        const code = target.points < 0 ? "REDEMPTION_RELEASE" : "CANCELLATION";
        return { method: "voidPendingTransfer", request: { shop, pendingId: target.id, code, idempotencyKey } };
      }
      case "reverse": {
        const posted = created.filter((transfer) => transfer.status === "posted");
        const target = posted[event.pick % Math.max(posted.length, 1)];
        if (!target) return null;
        const points = Math.max(1, Math.floor((Math.abs(target.points) * event.percent) / 100));
        return { method: "reverseTransfer", request: { shop, transferId: target.id, points, code: event.code, idempotencyKey } };
      }
      case "resend": {
        const earlier = played.flatMap((step) => (step ? [step.call] : []));
        return earlier[event.pick % Math.max(earlier.length, 1)] ?? null;
      }
    }
  }
}
