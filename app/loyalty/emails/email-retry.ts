// When a failed send is tried again: a minute, then twice as long each time up to an hour, for a day; then the
// email is failed (the merchant sees it in the outbox).
export const RETRY_FOR_MS = 24 * 60 * 60_000;
const FIRST_MS = 60_000;
const LONGEST_MS = 60 * 60_000;

/** After `attempts` failed attempts, when to try next; null once that would be past `giveUpAt`. */
export function nextSendAt(attempts: number, now: Date, giveUpAt: Date): Date | null {
  const delay = Math.min(FIRST_MS * 2 ** Math.max(0, attempts - 1), LONGEST_MS);
  const next = new Date(now.getTime() + delay);
  return next.getTime() > giveUpAt.getTime() ? null : next;
}
