import { describe, expect, it } from "vitest";
import { defaultProgramRules, MAX_EARN_POINTS_PER_MINOR_UNIT, MAX_MULTIPLIER_PERCENT, programRulesSchema } from "../program/program-rules";
import { MAX_AMOUNT_MINOR, minorDigits, toMinorUnits } from "~/money/money";
import { purchasePoints, reversedPointsForRefunds } from "./purchase-points";

const { earn, tiers } = defaultProgramRules();
const [member, silver, gold] = tiers as [(typeof tiers)[0], (typeof tiers)[0], (typeof tiers)[0]];

describe("money", () => {
  it("parses amounts exactly in the currency's precision", () => {
    expect(toMinorUnits("123.45", "USD")).toBe(12345);
    expect(toMinorUnits("0.10", "EUR")).toBe(10);
    expect(toMinorUnits("19", "USD")).toBe(1900);
    expect(toMinorUnits("1500", "JPY")).toBe(1500);
    expect(toMinorUnits("1500.0", "JPY")).toBe(1500);
    expect(toMinorUnits("1.234", "KWD")).toBe(1234);
    expect(minorDigits("JPY")).toBe(0);
  });

  it("refuses what is not an amount", () => {
    expect(() => toMinorUnits("-1.00", "USD")).toThrow(RangeError);
    expect(() => toMinorUnits("1.005", "USD")).toThrow(/precision/);
    expect(() => toMinorUnits("ten", "USD")).toThrow(RangeError);
  });
});

describe("purchasePoints", () => {
  it("earns 1 point per 1.00, rounded down per order", () => {
    expect(purchasePoints(12345, earn, member)).toBe(123);
    expect(purchasePoints(99, earn, member)).toBe(0);
    expect(purchasePoints(0, earn, member)).toBe(0);
  });

  it("applies the tier multiplier exactly", () => {
    expect(purchasePoints(12345, earn, silver)).toBe(154); // 123.45 × 1.25 = 154.3125
    expect(purchasePoints(12300, earn, silver)).toBe(153); // 153.75, never 153.7499…
    expect(purchasePoints(12345, earn, gold)).toBe(185);
  });
});

describe("reversedPointsForRefunds", () => {
  it("reverses pro rata from what the order earned (the worked example)", () => {
    expect(reversedPointsForRefunds(123, 12345, 4115)).toBe(41);
  });

  it("reverses everything after a full refund and nothing for a shipping-only refund", () => {
    expect(reversedPointsForRefunds(123, 12345, 12345)).toBe(123);
    expect(reversedPointsForRefunds(123, 12345, 99999)).toBe(123);
    expect(reversedPointsForRefunds(123, 12345, 0)).toBe(0);
  });

  it("is cumulative: the sum over refunds in steps equals one refund of the total", () => {
    const steps = [4115, 4115, 4115];
    let refunded = 0;
    let reversed = 0;
    for (const step of steps) {
      refunded += step;
      const total = reversedPointsForRefunds(123, 12345, refunded);
      reversed += total - reversed;
    }
    expect(reversed).toBe(123);
  });
});

describe("the largest amount a webhook may carry", () => {
  it("earns points that fit the ledger's 32-bit integer column under the most generous program", () => {
    const most = { points: MAX_EARN_POINTS_PER_MINOR_UNIT, unitMinor: 1, includeTestOrders: true, pendingDays: 0 };
    expect(purchasePoints(MAX_AMOUNT_MINOR, most, { multiplierPercent: MAX_MULTIPLIER_PERCENT })).toBeLessThanOrEqual(2_147_483_647);
    expect(MAX_AMOUNT_MINOR).toBeLessThanOrEqual(2_147_483_647);
  });

  it("is backed by program rules that give at most one point per minor unit", () => {
    expect(programRulesSchema.safeParse({ earn: { points: 2, unitMinor: 1 } }).success).toBe(false);
    expect(programRulesSchema.safeParse({ earn: { points: 100, unitMinor: 100 } }).success).toBe(true);
  });
});
