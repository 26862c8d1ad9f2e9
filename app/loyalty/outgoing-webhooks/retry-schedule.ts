// When a failed delivery is tried again: 30 s, then twice as long each time up to two hours, for a day.

export const RETRY_FOR_MS = 24 * 60 * 60_000;
const FIRST_MS = 30_000;
const LONGEST_MS = 2 * 60 * 60_000;

/** After `attempts` failed attempts, when to try next; null once that would be past `giveUpAt`. */
export function nextAttemptAt(attempts: number, now: Date, giveUpAt: Date): Date | null {
  const delay = Math.min(FIRST_MS * 2 ** Math.max(0, attempts - 1), LONGEST_MS);
  const next = new Date(now.getTime() + delay);
  return next.getTime() > giveUpAt.getTime() ? null : next;
}
