// Tells whether webhooks are arriving faster than the queue worker could settle them, from arrivals counted in
// fixed windows. Below that rate the worker keeps up at full speed and requests wait for at most one delivery's
// work; above it nothing keeps up, so answering Shopify comes first and the durable queue grows until the burst
// ends (docs/decisions/011-webhook-intake-ahead-of-remix.md).

export interface BurstDetector {
  arrived(): void;
  burstOn(): boolean;
}

export interface BurstOptions {
  /** Length of one counting window. */
  windowMs: number;
  /** Arrivals within one window that make a burst. */
  arrivals: number;
  now: () => number;
}

export function createBurstDetector({ windowMs, arrivals, now }: BurstOptions): BurstDetector {
  let windowStart = Number.NEGATIVE_INFINITY;
  let current = 0;
  let previous = 0;

  function roll(at: number): void {
    const elapsed = at - windowStart;
    if (elapsed < windowMs) return;
    // The window that just ended counts only if it was the one right before this one.
    previous = elapsed < 2 * windowMs ? current : 0;
    current = 0;
    windowStart = elapsed < 2 * windowMs ? windowStart + windowMs : at;
  }

  return {
    arrived() {
      roll(now());
      current += 1;
    },
    burstOn() {
      roll(now());
      return Math.max(current, previous) >= arrivals;
    },
  };
}
