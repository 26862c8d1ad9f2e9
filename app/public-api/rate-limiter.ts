// A token bucket per API key, in this process's memory: a key may spend `perMinute` calls at once and gets them
// back evenly over a minute. Several app instances each keep their own buckets, so a key's real limit is
// `perMinute` times the instances (docs/decisions/034-public-api.md). Time is passed in, never read here.

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the next call would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  /** Calls left right after this one. */
  remaining: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle this long are full again and are dropped, so the map holds only keys in use. */
const IDLE_MS = 120_000;

export function createRateLimiter(perMinute: number) {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  let sweptAt = 0;

  function sweep(now: number) {
    if (now - sweptAt < IDLE_MS) return;
    sweptAt = now;
    for (const [key, bucket] of buckets) if (now - bucket.at > IDLE_MS) buckets.delete(key);
  }

  return {
    take(key: string, now: number): RateDecision {
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
      const tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * refillPerMs);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at: now });
        return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens - 1) };
      }
      buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)), remaining: 0 };
    },
  };
}
