import { describe, expect, it } from "vitest";
import { BEHIND_AFTER_MS, minutesBehind } from "./points-behind";

const NOW = new Date("2026-12-01T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("minutesBehind", () => {
  it("is null with nothing waiting, or only waits up to the threshold", () => {
    expect(minutesBehind(null, NOW)).toBeNull();
    expect(minutesBehind(ago(0), NOW)).toBeNull();
    expect(minutesBehind(ago(BEHIND_AFTER_MS), NOW)).toBeNull();
  });

  it("counts the minutes since the oldest waiting delivery, rounded up", () => {
    expect(minutesBehind(ago(BEHIND_AFTER_MS + 1), NOW)).toBe(2);
    expect(minutesBehind(ago(4 * 60_000 + 30_000), NOW)).toBe(5);
    expect(minutesBehind(ago(10 * 60_000), NOW)).toBe(10);
  });
});
