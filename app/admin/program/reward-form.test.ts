import { describe, expect, it } from "vitest";
import { catalogueSchema, defaultCatalogue } from "~/loyalty/redemption/reward-catalogue";
import { moneyFormat } from "./program-form";
import { newRewardDraft, readRewardDraft, rewardDraftFrom, rewardFromDraft } from "./reward-form";

const usd = moneyFormat("USD");

describe("the reward form", () => {
  it("turns each saved reward into a draft and back into exactly that reward", () => {
    for (const reward of catalogueSchema.parse([
      ...defaultCatalogue(),
      { id: "apron", name: "Apron", kind: "free_product", points: 900, variantId: "gid://shopify/ProductVariant/5", productTitle: "Apron", codeLifetimeHours: 36 },
      { id: "credit", name: "Credit", kind: "store_credit", points: 1_000, amountMinor: 1_050 },
      { id: "shirts", name: "Shirts", kind: "amount_off", pricing: "fixed", points: 300, amountMinor: 500, collectionIds: ["gid://shopify/Collection/3"] },
    ])) {
      const draft = rewardDraftFrom(reward, usd);
      const back = rewardFromDraft(draft, usd, reward.id, "productTitle" in reward ? reward.productTitle : undefined);
      expect(back, reward.id).toEqual({ ok: true, reward });
    }
  });

  it("types lifetimes in days (36 hours is 1.5 days) and money in the currency's units", () => {
    const draft = { ...newRewardDraft("percentage_off"), name: "Half", points: "1,500", percent: "50", codeLifetimeDays: "1.5", minimumOrderMinor: "12.5" };
    expect(rewardFromDraft(draft, usd, "half")).toEqual({
      ok: true,
      reward: { id: "half", name: "Half", enabled: true, kind: "percentage_off", points: 1_500, percent: 50, codeLifetimeHours: 36, minimumOrderMinor: 1_250, collectionIds: [], tierKeys: [] },
    });
  });

  it("reads only reward fields, and refuses a form that is not one", () => {
    expect(readRewardDraft([["reward.form", "store_credit"], ["reward.name", "Credit"], ["intent", "reward.save"]])).toMatchObject({ form: "store_credit", name: "Credit" });
    expect(readRewardDraft([["reward.form", "gift_card"]])).toBeNull();
    expect(readRewardDraft([["reward.form", "store_credit"], ["reward.bogus", "x"]])).toBeNull();
  });
});
