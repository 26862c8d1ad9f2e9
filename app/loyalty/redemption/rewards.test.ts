import { describe, expect, it } from "vitest";
import { defaultProgramRules, programRulesSchema } from "~/loyalty/program/program-rules";
import { findReward, perPointsLadder, rewardCatalogue } from "./rewards";

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

  it("lists the switched-on rewards in the merchant's order, each with its terms", () => {
    const withFixed = programRulesSchema.parse({
      rewards: [
        { id: "credit", name: "Credit", kind: "store_credit", points: 800, amountMinor: 1_000 },
        { id: "percentage-off-15", name: "15%", kind: "percentage_off", points: 1_200, percent: 15, minimumOrderMinor: 5_000, collectionIds: ["gid://shopify/Collection/7"] },
        { id: "free-shipping", name: "Shipping", kind: "free_shipping", points: 400, codeLifetimeHours: 48 },
        { id: "apron", name: "Apron", kind: "free_product", points: 900, variantId: "gid://shopify/ProductVariant/5", productTitle: "Apron", enabled: false },
      ],
    });
    expect(rewardCatalogue(withFixed)).toEqual([
      { id: "credit", name: "Credit", kind: "store_credit", points: 800, amountMinor: 1_000, minimumOrderMinor: 0 },
      { id: "percentage-off-15", name: "15%", kind: "percentage_off", points: 1_200, percent: 15, minimumOrderMinor: 5_000, codeLifetimeHours: 720, collectionIds: ["gid://shopify/Collection/7"] },
      { id: "free-shipping", name: "Shipping", kind: "free_shipping", points: 400, minimumOrderMinor: 0, codeLifetimeHours: 48 },
    ]);
    expect(findReward(withFixed, "free-shipping")).toMatchObject({ kind: "free_shipping", points: 400 });
    expect(findReward(withFixed, "apron")).toBeNull();
    expect(findReward(rules, "free-shipping")).toBeNull();
    expect(perPointsLadder(withFixed)).toBeNull();
    expect(perPointsLadder(rules)).toEqual({ minimumPoints: 500, stepPoints: 100 });
  });
});

describe("findReward", () => {
  const rules = defaultProgramRules();

  it("prices any rung of the ladder, and nothing off it", () => {
    expect(findReward(rules, "amount-off-3000")).toEqual({ id: "amount-off-3000", kind: "amount_off", points: 3_000, amountMinor: 3_000, minimumOrderMinor: 0, name: "Amount off", codeLifetimeHours: 720 });
    expect(findReward(rules, "amount-off-400")).toBeNull();
    expect(findReward(rules, "amount-off-550")).toBeNull();
    expect(findReward(rules, "gift-card")).toBeNull();
  });

  it("offers nothing of a switched-off ladder", () => {
    const off = { ...rules, rewards: rules.rewards.map((reward) => ({ ...reward, enabled: false })) };
    expect(findReward(off, "amount-off-500")).toBeNull();
    expect(rewardCatalogue(off)).toEqual([]);
  });
});
