// The ledger's one decision procedure, written once for every database. It is a generator: it yields the reads
// and the single write it needs (LedgerOp) and receives their results, so the SQLite store can run it
// synchronously inside one IMMEDIATE transaction and the PostgreSQL store asynchronously inside one transaction
// holding the member's row lock. No I/O happens here.
import { applyTransfer, availablePoints, type Balances } from "./balances";
import { fingerprintOf } from "./fingerprint";
import type { LedgerError, LedgerRequest, Transfer } from "./transfers";
import { requestProblem } from "./validate-request";

export type LedgerOp =
  /**
   * The member's balances, locked for the rest of the transaction, and the transfer that already holds the
   * idempotency key: asked together so that a store can read both in one statement (MemberAndKey).
   */
  | { op: "memberAndKey"; shop: string; memberId: string; idempotencyKey: string }
  | { op: "transferById"; shop: string; id: string }
  /** The row that posted or voided a pending transfer, if any. */
  | { op: "resolutionOf"; pendingId: string }
  /** How many points of a transfer have been reversed so far (a magnitude). */
  | { op: "reversedPoints"; transferId: string }
  /** Insert the transfer and store the member's new balances. */
  | { op: "append"; transfer: Transfer; balances: Balances };

/** What memberAndKey finds: no balances when the member is not in the shop (the key then goes unread). */
export interface MemberAndKey {
  balances: Balances | null;
  existing: Transfer | null;
}

export type LedgerOutcome =
  | { ok: true; transfer: Transfer; balances: Balances; replayed: boolean }
  | { ok: false; error: LedgerError; message: string };

export type LedgerFlow = Generator<LedgerOp, LedgerOutcome, unknown>;

export interface FlowContext {
  newId: () => string;
  now: Date;
}

function* ask<T>(op: LedgerOp): Generator<LedgerOp, T, unknown> {
  return (yield op) as T;
}

function fail(error: LedgerError, message: string): LedgerOutcome {
  return { ok: false, error, message };
}

export function* ledgerFlow(request: LedgerRequest, context: FlowContext): LedgerFlow {
  const problem = requestProblem(request);
  if (problem) return fail("invalid_request", problem);
  const { shop, idempotencyKey } = request;
  const fingerprint = fingerprintOf(request);

  let target: Transfer | null = null;
  if (request.kind !== "record") {
    const id = request.kind === "resolve" ? request.pendingId : request.transferId;
    target = yield* ask<Transfer | null>({ op: "transferById", shop, id });
    if (!target) return fail("transfer_not_found", `There is no transfer ${id} in ${shop}.`);
  }
  const memberId = target ? target.memberId : (request as { memberId: string }).memberId;

  const { balances, existing } = yield* ask<MemberAndKey>({ op: "memberAndKey", shop, memberId, idempotencyKey });
  if (!balances) return fail("member_not_found", `There is no member ${memberId} in ${shop}.`);
  if (existing) {
    if (existing.fingerprint === fingerprint) return { ok: true, transfer: existing, balances, replayed: true };
    return fail(
      "idempotency_conflict",
      `Idempotency key "${idempotencyKey}" was already used for a different transfer (${existing.code}, ${existing.points} points).`,
    );
  }

  const base = {
    id: context.newId(),
    shop,
    memberId,
    idempotencyKey,
    fingerprint,
    memo: request.memo ?? null,
    actor: request.actor ?? "system",
    createdAt: context.now,
  };
  let transfer: Transfer;
  if (request.kind === "record") {
    transfer = {
      ...base,
      code: request.code,
      points: request.points,
      status: request.status,
      pendingId: null,
      reversesId: null,
      orderId: request.orderId ?? null,
    };
  } else if (request.kind === "resolve") {
    const pending = target as Transfer;
    if (pending.status !== "pending") {
      return fail("not_pending", `Transfer ${pending.id} is ${pending.status}, not pending: only a pending transfer can be posted or voided.`);
    }
    const resolution = yield* ask<Transfer | null>({ op: "resolutionOf", pendingId: pending.id });
    if (resolution) {
      return fail("already_resolved", `Pending transfer ${pending.id} was already ${resolution.status} by transfer ${resolution.id}.`);
    }
    transfer = {
      ...base,
      code: request.outcome === "post" ? pending.code : (request.code ?? pending.code),
      points: pending.points,
      status: request.outcome === "post" ? "posted" : "voided",
      pendingId: pending.id,
      reversesId: null,
      orderId: pending.orderId,
    };
  } else {
    const original = target as Transfer;
    if (original.status !== "posted" || original.reversesId !== null) {
      return fail(
        "not_reversible",
        original.status === "pending"
          ? `Transfer ${original.id} is pending: void it instead of reversing it.`
          : `Transfer ${original.id} is ${original.reversesId ? "itself a reversal" : original.status} and cannot be reversed.`,
      );
    }
    const reversed = yield* ask<number>({ op: "reversedPoints", transferId: original.id });
    const remaining = Math.abs(original.points) - reversed;
    if (request.points > remaining) {
      return fail(
        "reversal_exceeds_transfer",
        `Only ${remaining} of transfer ${original.id}'s ${Math.abs(original.points)} points are left to reverse; ${request.points} were asked.`,
      );
    }
    transfer = {
      ...base,
      code: request.code,
      points: -Math.sign(original.points) * request.points,
      status: "posted",
      pendingId: null,
      reversesId: original.id,
      orderId: original.orderId,
    };
  }

  const next = applyTransfer(balances, transfer);
  if (request.kind === "record" && request.requireAvailable && availablePoints(next) < 0) {
    return fail(
      "insufficient_points",
      `This needs ${-request.points} points and the member has ${availablePoints(balances)} available.`,
    );
  }
  yield* ask<void>({ op: "append", transfer, balances: next });
  return { ok: true, transfer, balances: next, replayed: false };
}
