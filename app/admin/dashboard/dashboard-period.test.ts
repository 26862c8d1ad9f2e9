import { describe, expect, it } from "vitest";
import { MAX_CUSTOM_DAYS, periodQuerySchema, resolvePeriod } from "./dashboard-period";

const NOW = new Date("2026-11-28T09:30:00Z");
const parse = (query: Record<string, string>) => periodQuerySchema.safeParse(query);
const resolve = (query: Record<string, string>) => resolvePeriod(periodQuerySchema.parse(query), NOW);

describe("dashboard period", () => {
  it("defaults to the last 30 days, today included, in UTC days", () => {
    const period = resolve({});
    expect(period).toMatchObject({ preset: "30d", fromDay: "2026-10-30", toDay: "2026-11-28", days: 30, bucket: "day" });
    expect(period.start.toISOString()).toBe("2026-10-30T00:00:00.000Z");
    expect(period.end.toISOString()).toBe("2026-11-29T00:00:00.000Z");
  });

  it("resolves every preset and shows weeks beyond a month", () => {
    expect(resolve({ period: "7d" })).toMatchObject({ fromDay: "2026-11-22", toDay: "2026-11-28", days: 7, bucket: "day" });
    expect(resolve({ period: "90d" })).toMatchObject({ fromDay: "2026-08-31", days: 90, bucket: "week" });
    expect(resolve({ period: "365d" })).toMatchObject({ fromDay: "2025-11-29", days: 365, bucket: "week" });
  });

  it("takes a custom range with both ends included, across a leap day", () => {
    const period = resolve({ period: "custom", from: "2028-02-27", to: "2028-03-01" });
    expect(period).toMatchObject({ preset: "custom", days: 4, bucket: "day" });
    expect(period.end.toISOString()).toBe("2028-03-02T00:00:00.000Z");
    expect(resolve({ period: "custom", from: "2026-01-01", to: "2026-01-01" }).days).toBe(1);
  });

  it("ignores from and to for a preset", () => {
    expect(resolve({ period: "7d", from: "2020-01-01", to: "2020-01-02" }).fromDay).toBe("2026-11-22");
  });

  it("refuses bad input with messages a person can act on", () => {
    const messages = (query: Record<string, string>) => {
      const result = parse(query);
      return result.success ? [] : result.error.issues.map((issue) => issue.message);
    };
    expect(messages({ period: "yesterday" })).toEqual(["Choose a period: last 7, 30, 90 or 365 days, or a custom range."]);
    expect(messages({ period: "custom" })).toEqual(["A custom range needs a start date (from).", "A custom range needs an end date (to)."]);
    expect(messages({ period: "custom", from: "2026-02-30", to: "2026-03-02" })).toEqual(["Enter dates as YYYY-MM-DD, for example 2026-11-01."]);
    expect(messages({ period: "custom", from: "11/01/2026", to: "2026-11-02" })).toEqual(["Enter dates as YYYY-MM-DD, for example 2026-11-01."]);
    expect(messages({ period: "custom", from: "2026-11-02", to: "2026-11-01" })).toEqual(["The end date must be on or after the start date."]);
    expect(messages({ period: "custom", from: "2020-01-01", to: "2026-11-01" })).toEqual([`A custom range can be at most ${MAX_CUSTOM_DAYS} days long.`]);
  });
});
