import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findReward, rewardCatalogue } from "./rewards";

describe("rewardCatalogue", () => {
  const rules = defaultProgramRules();

  it("offers the amount-off ladder from the minimum in the program's steps (100 points = 1.00 off)", () => {
    expect(rewardCatalogue(rules).map((reward) => [reward.id, reward.points, "amountMinor" in reward ? reward.amountMinor : null])).toEqual([
      ["amount-off-500", 500, 500],
      ["amount-off-600", 600, 600],
      ["amount-off-700", 700, 700],
      ["amount-off-800", 800, 800],
      ["amount-off-900", 900, 900],
    ]);
  });

  it("climbs to the highest rung a rich shopper can afford", () => {
    expect(rewardCatalogue(rules, 2_345).map((reward) => reward.points)).toEqual([500, 600, 700, 800, 2_300]);
  });

  it("lists the fixed-cost rewards a program defines", () => {
    const withFixed = { ...rules, redemption: { ...rules.redemption, percentageOff: { enabled: true, percent: 15, points: 1_200, minimumOrderMinor: 5_000 }, freeShipping: { enabled: true, points: 400, minimumOrderMinor: 0 } } };
    expect(rewardCatalogue(withFixed).slice(-2)).toEqual([
      { id: "percentage-off-15", kind: "percentage_off", points: 1_200, percent: 15, minimumOrderMinor: 5_000 },
      { id: "free-shipping", kind: "free_shipping", points: 400, minimumOrderMinor: 0 },
    ]);
    expect(findReward(withFixed, "free-shipping")).toMatchObject({ kind: "free_shipping", points: 400 });
    expect(findReward(rules, "free-shipping")).toBeNull();
  });
});

describe("findReward", () => {
  const rules = defaultProgramRules();

  it("prices any rung of the ladder, and nothing off it", () => {
    expect(findReward(rules, "amount-off-3000")).toEqual({ id: "amount-off-3000", kind: "amount_off", points: 3_000, amountMinor: 3_000, minimumOrderMinor: 0 });
    expect(findReward(rules, "amount-off-400")).toBeNull();
    expect(findReward(rules, "amount-off-550")).toBeNull();
    expect(findReward(rules, "gift-card")).toBeNull();
  });
});
