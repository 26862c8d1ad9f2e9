// When the dashboard says its figures are running behind: a delivery of the shop's has waited in the queue
// longer than settling normally takes. Shorter waits are the queue's ordinary rhythm and not worth a warning.

/** A delivery that waits longer than this means the shop's points are behind (settling takes well under a second). */
export const BEHIND_AFTER_MS = 60_000;

/**
 * The minutes of orders not yet counted (from the oldest waiting delivery's receipt, rounded up), or null when
 * the shop is not behind.
 */
export function minutesBehind(oldestQueuedAt: Date | null, now: Date): number | null {
  if (!oldestQueuedAt) return null;
  const waited = now.getTime() - oldestQueuedAt.getTime();
  return waited > BEHIND_AFTER_MS ? Math.ceil(waited / 60_000) : null;
}
