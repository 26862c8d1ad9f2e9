import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import {
  averageLifetimeValue,
  bucketByPeriod,
  customerRetentionRate,
  percentOf,
  pointsValueMinor,
  redemptionRate,
  repeatPurchaseRate,
} from "./dashboard-metrics";

describe("dashboard formulas", () => {
  it("takes shares only of something", () => {
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(0, 0)).toBeNull();
    expect(redemptionRate(1010, 500)).toBeCloseTo(49.505, 3);
    expect(redemptionRate(150, 500)).toBeCloseTo(333.333, 3);
    expect(redemptionRate(0, 500)).toBeNull();
    expect(repeatPurchaseRate(4, 1)).toBe(25);
    expect(repeatPurchaseRate(0, 0)).toBeNull();
  });

  it("computes CRR as (customers at end − new) / customers at start × 100", () => {
    expect(customerRetentionRate({ atStart: 3, atEnd: 4, added: 2 })).toBeCloseTo(66.667, 3);
    expect(customerRetentionRate({ atStart: 10, atEnd: 10, added: 0 })).toBe(100);
    expect(customerRetentionRate({ atStart: 5, atEnd: 2, added: 2 })).toBe(0);
    expect(customerRetentionRate({ atStart: 0, atEnd: 7, added: 7 })).toBeNull();
  });

  it("averages lifetime spend per buying member, to the cent", () => {
    expect(averageLifetimeValue(64_000, 5)).toBe(12_800);
    expect(averageLifetimeValue(1_000, 3)).toBe(333);
    expect(averageLifetimeValue(0, 0)).toBeNull();
  });

  it("values points at the redemption rate, never owing a fraction of a cent", () => {
    const { redemption } = defaultProgramRules();
    expect(pointsValueMinor(910, redemption)).toBe(910);
    expect(pointsValueMinor(910, { ...redemption, points: 200, unitMinor: 150 })).toBe(682);
    expect(pointsValueMinor(0, redemption)).toBe(0);
  });

  it("buckets day totals by day, with empty days as zero and days outside the period left out", () => {
    const buckets = bucketByPeriod(
      [
        { day: "2026-11-02", value: 5 },
        { day: "2026-11-04", value: 7 },
        { day: "2026-11-04", value: 1 },
        { day: "2026-10-31", value: 100 },
        { day: "2026-11-05", value: 100 },
      ],
      { fromDay: "2026-11-01", days: 4, bucket: "day" },
    );
    expect(buckets).toEqual([
      { key: "2026-11-01", value: 0 },
      { key: "2026-11-02", value: 5 },
      { key: "2026-11-03", value: 0 },
      { key: "2026-11-04", value: 8 },
    ]);
  });

  it("buckets by seven days from the period's first day, the last week possibly shorter", () => {
    const buckets = bucketByPeriod(
      [
        { day: "2026-11-01", value: 1 },
        { day: "2026-11-07", value: 2 },
        { day: "2026-11-08", value: 4 },
        { day: "2026-11-15", value: 8 },
        { day: "2026-11-16", value: 16 },
      ],
      { fromDay: "2026-11-01", days: 16, bucket: "week" },
    );
    expect(buckets).toEqual([
      { key: "2026-11-01", value: 3 },
      { key: "2026-11-08", value: 4 },
      { key: "2026-11-15", value: 24 },
    ]);
  });
});
