import { describe, expect, it } from "vitest";
import { nextAttemptAt, RETRY_FOR_MS } from "./retry-schedule";

describe("retry schedule", () => {
  it("doubles from 30 seconds up to two hours, and stops after a day", () => {
    const start = new Date("2026-12-01T00:00:00Z");
    const giveUp = new Date(start.getTime() + RETRY_FOR_MS);
    const delays: number[] = [];
    let now = start;
    for (let attempts = 1; ; attempts++) {
      const next = nextAttemptAt(attempts, now, giveUp);
      if (!next) break;
      delays.push(next.getTime() - now.getTime());
      now = next;
    }
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(Math.max(...delays)).toBe(2 * 3_600_000);
    expect(now.getTime()).toBeLessThanOrEqual(giveUp.getTime());
    expect(giveUp.getTime() - now.getTime()).toBeLessThan(2 * 3_600_000);
  });
});
