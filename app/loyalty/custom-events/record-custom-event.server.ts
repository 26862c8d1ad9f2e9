// Points for a custom event: one CUSTOM_EVENT transfer through the ledger writer. An event name without a rule
// earns the points the caller sends, keyed by the caller's idempotency key, so a retried call earns once and a
// reused key with another event is refused by the ledger. A name with the merchant's rule earns the rule's points
// within its limit, keyed by the event's place in its window (custom-event-rules.ts), with the caller's key in the
// fingerprint so that a retry replays and another event takes the next place
// (docs/decisions/044-actions-that-earn.md). A member out of the program (excluded by staff or a tag, or the program
// paused) earns nothing: the event is refused and nothing is written, though a retry of a call that earned before
// still answers its transfer (docs/decisions/051-a-paused-program-loses-nothing.md).
import type { TallyDatabase } from "~/db/database.server";
import type { EventRule } from "~/loyalty/actions/action-rules";
import { fingerprintOf } from "~/loyalty/ledger/fingerprint";
import { availablePoints } from "~/loyalty/ledger/balances";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { RecordTransferRequest, Transfer } from "~/loyalty/ledger/transfers";
import { customEventLedgerKey, customEventMemo, type CustomEvent } from "./custom-event";
import { memberStanding, type StandingRules } from "~/loyalty/exclusion/member-standing";
import { eventSlotKey, eventWindowPrefix, limitTimes, limitWindow, nextSlot, ruleFor } from "./custom-event-rules";

export interface CustomEventRequest extends Omit<CustomEvent, "points"> {
  shop: string;
  memberId: string;
  /** The caller's points: what an event without a rule earns; an event with a rule earns the rule's. */
  points: number | null;
  idempotencyKey: string;
  /** Who reported it, recorded as the transfer's actor (the API key). */
  actor: string;
  /** The program's custom-event rules (ProgramRules["actions"]["customEvents"]). */
  rules: readonly EventRule[];
  /** Who is in the program: its excluded tags and its pauses. */
  standing: StandingRules;
  /** The shop's time zone (its `ianaTimezone`): the calendar a rule's "a day", "a month" follow; null is UTC. */
  timeZone: string | null;
  now: Date;
}

export type CustomEventResult =
  | { ok: true; transfer: Transfer; available: number; replayed: boolean }
  | { ok: false; error: "member_not_found" | "idempotency_conflict" | "points_required" }
  | Refusal
  | { ok: false; error: "limit_reached"; rule: EventRule };

function answer(outcome: Extract<LedgerOutcome, { ok: true }>): CustomEventResult {
  return { ok: true, transfer: outcome.transfer, available: availablePoints(outcome.balances), replayed: outcome.replayed };
}

/** The member is out of the program now: excluded (by staff or a tag), or the program paused. */
type Refusal = { ok: false; error: "not_in_program" | "program_paused" };

/** Why the member cannot earn now, or null when they can (app/loyalty/exclusion/member-standing.ts). */
async function outOfProgram(db: TallyDatabase, request: CustomEventRequest): Promise<Refusal | null> {
  const member = await db.read.member.findUnique({ where: { id: request.memberId }, select: { shop: true, tags: true, excludedAt: true } });
  if (!member || member.shop !== request.shop) return null;
  const standing = memberStanding(member, request.standing, request.now);
  if (standing === "in") return null;
  return { ok: false, error: standing === "paused" ? "program_paused" : "not_in_program" };
}

export async function recordCustomEvent(db: TallyDatabase, request: CustomEventRequest): Promise<CustomEventResult> {
  const rule = ruleFor(request.rules, request.event);
  const refusal = await outOfProgram(db, request);
  if (rule) return recordRuledEvent(db, request, rule, refusal);
  if (request.points === null) return { ok: false, error: "points_required" };
  if (refusal) {
    // Only a retry of a call that earned before may go on: the ledger replays it and writes nothing.
    const earlier = await db.read.transfer.findFirst({ where: { shop: request.shop, idempotencyKey: customEventLedgerKey(request.idempotencyKey) }, select: { id: true } });
    if (!earlier) return refusal;
  }
  const outcome = await db.ledger.recordTransfer({
    shop: request.shop,
    memberId: request.memberId,
    code: "CUSTOM_EVENT",
    points: request.points,
    status: "posted",
    idempotencyKey: customEventLedgerKey(request.idempotencyKey),
    memo: customEventMemo({ ...request, points: request.points }),
    actor: request.actor,
  });
  if (outcome.ok) return answer(outcome);
  if (outcome.error === "member_not_found" || outcome.error === "idempotency_conflict") return { ok: false, error: outcome.error };
  // The API's schema keeps requests well formed; anything else is a bug, not the caller's mistake.
  throw new Error(`custom event: ${outcome.error}: ${outcome.message}`);
}

async function recordRuledEvent(db: TallyDatabase, request: CustomEventRequest, rule: EventRule, refusal: Refusal | null): Promise<CustomEventResult> {
  const window = limitWindow(rule.limit, request.now, request.timeZone);
  const transfer = (idempotencyKey: string): Omit<RecordTransferRequest, "kind"> => ({
    shop: request.shop,
    memberId: request.memberId,
    code: "CUSTOM_EVENT",
    points: rule.points,
    status: "posted",
    idempotencyKey,
    memo: customEventMemo({ event: request.event, points: rule.points, note: request.note }),
    actor: request.actor,
    requestRef: customEventLedgerKey(request.idempotencyKey),
  });
  // A retry of a call that earned, in any window (it may come back after the day turned): the same fingerprint.
  const fingerprint = fingerprintOf({ ...transfer(""), kind: "record" });
  const earlier = await db.read.transfer.findFirst({
    where: { shop: request.shop, memberId: request.memberId, code: "CUSTOM_EVENT", fingerprint, idempotencyKey: { startsWith: `member:${request.memberId}:event:${request.event}:` } },
    select: { idempotencyKey: true },
  });
  if (earlier) {
    const replay = await db.ledger.recordTransfer(transfer(earlier.idempotencyKey));
    if (replay.ok) return answer(replay);
  }
  if (refusal) return refusal;
  const prefix = eventWindowPrefix(request.memberId, request.event, window);
  // Each pass either earns, replays, or finds one more place taken by another event: at most `times` passes.
  for (let pass = 0; pass <= limitTimes(rule.limit); pass++) {
    const rows = await db.read.transfer.findMany({ where: { shop: request.shop, memberId: request.memberId, idempotencyKey: { startsWith: prefix } }, select: { idempotencyKey: true } });
    const slot = nextSlot(rows.map((row) => Number(row.idempotencyKey.slice(prefix.length))), rule.limit);
    if (slot === null) return { ok: false, error: "limit_reached", rule };
    const outcome = await db.ledger.recordTransfer(transfer(eventSlotKey(request.memberId, request.event, window, slot)));
    if (outcome.ok) return answer(outcome);
    if (outcome.error === "member_not_found") return { ok: false, error: "member_not_found" };
    // Another event took this place between the count and the write: count again.
    if (outcome.error !== "idempotency_conflict") throw new Error(`custom event: ${outcome.error}: ${outcome.message}`);
  }
  return { ok: false, error: "limit_reached", rule };
}
