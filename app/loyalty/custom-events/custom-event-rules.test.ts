import { describe, expect, it } from "vitest";
import { eventSlotKey, limitWindow, nextSlot, periodKey } from "./custom-event-rules";

describe("custom-event rules", () => {
  it("name each period in UTC, weeks by ISO 8601", () => {
    const at = new Date("2026-12-05T23:30:00Z");
    expect(periodKey("day", at)).toBe("2026-12-05");
    expect(periodKey("week", at)).toBe("2026-W49");
    expect(periodKey("month", at)).toBe("2026-12");
    expect(periodKey("year", at)).toBe("2026");
    // 1 January 2027 is a Friday: ISO week 53 of 2026.
    expect(periodKey("week", new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(periodKey("week", new Date("2025-12-29T00:00:00Z"))).toBe("2026-W01");
    expect(limitWindow({ kind: "once" }, at)).toBe("ever");
  });

  it("give the lowest free place up to the limit, and none beyond it", () => {
    const limit = { kind: "per_period", period: "day", times: 3 } as const;
    expect(nextSlot([], limit)).toBe(1);
    expect(nextSlot([1, 3], limit)).toBe(2);
    expect(nextSlot([1, 2, 3], limit)).toBeNull();
    expect(nextSlot([1], { kind: "once" })).toBeNull();
    expect(eventSlotKey("m1", "quiz", "2026-12-05", 2)).toBe("member:m1:event:quiz:2026-12-05:2");
  });
});
