// A custom event: something a member did that another app or the merchant's developer reports through the public
// API (a review posted, a quiz finished), worth the points the caller sends. Today every event name earns what
// the call says; per-event-name rules (points set by the merchant, once only or a limit per period) belong here,
// as a pure decision over the member's earlier events of that name, and the command below asks it before writing
// (docs/decisions/034-public-api.md).

/** snake_case or dotted names, as event names usually are: review_posted, quiz.completed. */
export const EVENT_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** Most points one event may earn: an event is a small reward, not a balance import. */
export const MAX_EVENT_POINTS = 100_000;
export const MAX_EVENT_NOTE_LENGTH = 500;

export interface CustomEvent {
  event: string;
  points: number;
  note: string | null;
}

/** The ledger key of an event: the caller's idempotency key, in the custom events' own namespace. */
export function customEventLedgerKey(idempotencyKey: string): string {
  return `custom-event:${idempotencyKey}`;
}

/**
 * The transfer's memo: the event's name, then the note. Event names have no ": ", so the name is the memo up to
 * the first ": " — what a per-event-name rule counts by.
 */
export function customEventMemo(event: CustomEvent): string {
  return event.note ? `${event.event}: ${event.note}` : event.event;
}

export function eventNameOfMemo(memo: string | null): string | null {
  if (!memo) return null;
  const name = memo.split(": ", 1)[0] ?? "";
  return EVENT_NAME_PATTERN.test(name) ? name : null;
}
