import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter";

describe("the per-key token bucket", () => {
  it("allows a burst of perMinute calls, then refuses with the seconds until the next token", () => {
    const limiter = createRateLimiter(6);
    const t0 = 1_000_000;
    for (let n = 0; n < 6; n++) expect(limiter.take("k", t0).allowed).toBe(true);
    expect(limiter.take("k", t0)).toEqual({ allowed: false, retryAfterSeconds: 10, remaining: 0 });
    expect(limiter.take("k", t0 + 4_000)).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    expect(limiter.take("k", t0 + 10_000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("keeps each key's bucket apart", () => {
    const limiter = createRateLimiter(1);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("b", 0).allowed).toBe(true);
  });

  it("fills up again, never beyond perMinute", () => {
    const limiter = createRateLimiter(3);
    limiter.take("k", 0);
    const later = 10 * 60_000;
    expect(limiter.take("k", later).remaining).toBe(2);
  });
});
