import { describe, expect, it } from "vitest";
import { catalogueFromLegacyRedemption, catalogueSchema, defaultCatalogue, editCatalogue, newCatalogueId, type CatalogueReward } from "./reward-catalogue";

const catalogue = (): CatalogueReward[] => catalogueSchema.parse(defaultCatalogue());

describe("the default catalogue", () => {
  it("is docs/program.md's: 100 points = 1.00 off from 500 in steps of 100, codes lasting 30 days; percentage off and free shipping off", () => {
    expect(catalogue()).toEqual([
      { id: "amount-off", name: "Amount off", enabled: true, kind: "amount_off", pricing: "per_points", points: 500, stepPoints: 100, minimumOrderMinor: 0, codeLifetimeHours: 720, collectionIds: [], tierKeys: [] },
      { id: "percentage-off-10", name: "10% off", enabled: false, kind: "percentage_off", points: 1_000, percent: 10, minimumOrderMinor: 0, codeLifetimeHours: 720, collectionIds: [], tierKeys: [] },
      { id: "free-shipping", name: "Free shipping", enabled: false, kind: "free_shipping", points: 500, minimumOrderMinor: 0, codeLifetimeHours: 720, tierKeys: [] },
    ]);
  });
});

describe("catalogueFromLegacyRedemption", () => {
  it("offers what a program saved before the catalogue offered, with its code lifetime", () => {
    const rewards = catalogueSchema.parse(
      catalogueFromLegacyRedemption({
        minimumPoints: 400,
        stepPoints: 200,
        codeLifetimeHours: 48,
        percentageOff: { enabled: true, percent: 15, points: 1_200, minimumOrderMinor: 5_000 },
        freeShipping: { enabled: false, points: 300, minimumOrderMinor: 0 },
      }),
    );
    expect(rewards.map((reward) => [reward.id, reward.enabled, reward.points, "codeLifetimeHours" in reward ? reward.codeLifetimeHours : null])).toEqual([
      ["amount-off", true, 400, 48],
      ["percentage-off-15", true, 1_200, 48],
      ["free-shipping", false, 300, 48],
    ]);
    expect(rewards[0]).toMatchObject({ stepPoints: 200 });
    expect(rewards[1]).toMatchObject({ percent: 15, minimumOrderMinor: 5_000 });
  });

  it("gives the rules of that time's defaults, 24-hour codes included, to a program that set none", () => {
    expect(catalogueSchema.parse(catalogueFromLegacyRedemption({})).map((reward) => ("codeLifetimeHours" in reward ? reward.codeLifetimeHours : null))).toEqual([24, 24, 24]);
  });
});

describe("editCatalogue", () => {
  it("adds at the end, replaces in place, switches and moves; names nothing it does not hold", () => {
    const rewards = catalogue();
    const credit: CatalogueReward = { id: "store-credit-rabcdef", name: "Credit", enabled: true, kind: "store_credit", points: 900, amountMinor: 1_000, tierKeys: [] };
    expect(editCatalogue(rewards, { type: "save", reward: credit })?.map((reward) => reward.id)).toEqual(["amount-off", "percentage-off-10", "free-shipping", "store-credit-rabcdef"]);
    const renamed = { ...(rewards[2] as CatalogueReward), name: "Shipping on us" };
    expect(editCatalogue(rewards, { type: "save", reward: renamed })?.[2]).toEqual(renamed);
    expect(editCatalogue(rewards, { type: "switch", id: "free-shipping", enabled: true })?.[2]?.enabled).toBe(true);
    expect(editCatalogue(rewards, { type: "move", id: "free-shipping", direction: "up" })?.map((reward) => reward.id)).toEqual(["amount-off", "free-shipping", "percentage-off-10"]);
    expect(editCatalogue(rewards, { type: "move", id: "amount-off", direction: "up" })).toBeNull();
    expect(editCatalogue(rewards, { type: "switch", id: "nothing", enabled: true })).toBeNull();
  });

  it("refuses a catalogue with one id twice", () => {
    const rewards = catalogue();
    expect(catalogueSchema.safeParse([...rewards, rewards[0]]).success).toBe(false);
  });
});

describe("newCatalogueId", () => {
  it("names the kind, has a letter after the dash so no per-point rung can be read into it, and is never taken", () => {
    const picks = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const random = () => picks.shift() ?? 2;
    expect(newCatalogueId("free_product", ["free-product-raaaaaa"], random)).toBe("free-product-rbbbbbb");
  });
});
