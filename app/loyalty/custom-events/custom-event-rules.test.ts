import { describe, expect, it } from "vitest";
import { eventSlotKey, limitWindow, nextSlot, periodKey } from "./custom-event-rules";

describe("custom-event rules", () => {
  it("name each period in UTC without a time zone, weeks by ISO 8601", () => {
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

  it("name each period on the shop's calendar when its time zone is known (ADR 051)", () => {
    // 23:30 UTC on Saturday 31 December 2022 is already Sunday 1 January 2023 in Auckland (UTC+13).
    const at = new Date("2022-12-31T23:30:00Z");
    expect(periodKey("day", at, "Pacific/Auckland")).toBe("2023-01-01");
    expect(periodKey("month", at, "Pacific/Auckland")).toBe("2023-01");
    expect(periodKey("year", at, "Pacific/Auckland")).toBe("2023");
    expect(periodKey("week", at, "Pacific/Auckland")).toBe("2022-W52");
    expect(periodKey("day", at, "UTC")).toBe("2022-12-31");
    // And the day before in Los Angeles, until 08:00 UTC.
    expect(limitWindow({ kind: "per_period", period: "day", times: 1 }, new Date("2026-12-06T07:59:00Z"), "America/Los_Angeles")).toBe("2026-12-05");
    expect(periodKey("day", at, null)).toBe("2022-12-31");
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
