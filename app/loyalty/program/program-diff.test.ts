import { describe, expect, it } from "vitest";
import { defaultProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { diffProgramRules, tierLadderChanged, tierSpendRulesChanged } from "./program-diff";

describe("diffProgramRules", () => {
  const before = defaultProgramRules();

  it("is empty when nothing changed, even with the tiers in another order", () => {
    expect(diffProgramRules(before, defaultProgramRules())).toEqual([]);
    expect(diffProgramRules(before, { ...before, tiers: [...before.tiers].reverse() })).toEqual([]);
  });

  it("lists each changed rule by path with its old and new value", () => {
    const after: ProgramRules = {
      ...before,
      signupBonus: 250,
      earn: { ...before.earn, pendingDays: 14 },
      referral: { ...before.referral, milestone: { ...before.referral.milestone, enabled: true } },
    };
    expect(diffProgramRules(before, after)).toEqual([
      { path: "earn.pendingDays", from: 0, to: 14 },
      { path: "signupBonus", from: 100, to: 250 },
      { path: "referral.milestone.enabled", from: false, to: true },
    ]);
  });

  it("reports a tier's entry reward changing, and takes none and 0 as the same", () => {
    const [member, silver, gold] = before.tiers;
    if (!member || !silver || !gold) throw new Error("default tiers");
    const rewarded: ProgramRules = { ...before, tiers: [member, { ...silver, entryPoints: 200 }, gold] };
    expect(diffProgramRules(before, rewarded)).toEqual([{ path: "tiers.silver.entryPoints", from: null, to: 200 }]);
    expect(diffProgramRules(rewarded, before)).toEqual([{ path: "tiers.silver.entryPoints", from: 200, to: null }]);
    expect(diffProgramRules(before, { ...before, tiers: [member, { ...silver, entryPoints: 0 }, gold] })).toEqual([]);
  });

  it("reports a tier's catalogue entry reward and the grace period", () => {
    const [member, silver, gold] = before.tiers;
    if (!member || !silver || !gold) throw new Error("default tiers");
    const rewarded: ProgramRules = { ...before, tiers: [member, { ...silver, entryRewardId: "free-shipping" }, gold], tierGraceDays: 30 };
    expect(diffProgramRules(before, rewarded)).toEqual([
      { path: "tierGraceDays", from: null, to: 30 },
      { path: "tiers.silver.entryRewardId", from: null, to: "free-shipping" },
    ]);
  });

  it("reports tiers by key: renamed, re-thresholded, added and removed", () => {
    const [member, silver] = before.tiers;
    if (!member || !silver) throw new Error("default tiers");
    const after: ProgramRules = {
      ...before,
      tiers: [member, { ...silver, name: "Argent", threshold: 40_000 }, { key: "vip", name: "VIP", threshold: 300_000, multiplierPercent: 200 }],
    };
    expect(diffProgramRules(before, after)).toEqual([
      { path: "tiers.silver.name", from: "Silver", to: "Argent" },
      { path: "tiers.silver.threshold", from: 50_000, to: 40_000 },
      { path: "tiers.vip", from: null, to: { name: "VIP", threshold: 300_000, multiplierPercent: 200 } },
      { path: "tiers.gold", from: { name: "Gold", threshold: 150_000, multiplierPercent: 150 }, to: null },
    ]);
  });
});

describe("diffProgramRules on the reward catalogue", () => {
  const before = defaultProgramRules();
  const [ladder, percentage, shipping] = before.rewards;
  if (!ladder || !percentage || !shipping) throw new Error("default catalogue");

  it("reports rewards by id: a changed term, a reward added, and a new order", () => {
    const credit = { id: "store-credit-rabcdef", name: "Credit", enabled: true, kind: "store_credit" as const, points: 900, amountMinor: 1_000, tierKeys: [] };
    const after: ProgramRules = { ...before, rewards: [ladder, { ...shipping, points: 800 }, percentage, credit] };
    expect(diffProgramRules(before, after)).toEqual([
      { path: "rewards.free-shipping.points", from: 500, to: 800 },
      { path: "rewards.store-credit-rabcdef", from: null, to: { name: "Credit", enabled: true, kind: "store_credit", points: 900, amountMinor: 1_000, tierKeys: [] } },
      { path: "rewards.order", from: ["amount-off", "percentage-off-10", "free-shipping"], to: ["amount-off", "free-shipping", "percentage-off-10", "store-credit-rabcdef"] },
    ]);
  });

  it("compares a reward's collections as one value, and is empty when nothing changed", () => {
    const restricted = { ...before, rewards: [{ ...ladder, collectionIds: ["gid://shopify/Collection/1"] }, percentage, shipping] };
    expect(diffProgramRules(restricted, { ...restricted, rewards: restricted.rewards.map((reward) => ({ ...reward })) })).toEqual([]);
    expect(diffProgramRules(before, restricted)).toEqual([{ path: "rewards.amount-off.collectionIds", from: [], to: ["gid://shopify/Collection/1"] }]);
  });
});

describe("tierLadderChanged", () => {
  const { tiers } = defaultProgramRules();

  it("is false for a rename or a new multiplier, which leave every member in their tier", () => {
    expect(tierLadderChanged(tiers, tiers.map((tier) => ({ ...tier, name: `${tier.name}!`, multiplierPercent: 300 })))).toBe(false);
    expect(tierLadderChanged(tiers, [...tiers].reverse())).toBe(false);
  });

  it("is true for a moved threshold, an added or a removed tier", () => {
    expect(tierLadderChanged(tiers, tiers.map((tier) => (tier.key === "gold" ? { ...tier, threshold: 100_000 } : tier)))).toBe(true);
    expect(tierLadderChanged(tiers, tiers.slice(0, 2))).toBe(true);
    expect(tierLadderChanged(tiers, [...tiers, { key: "vip", name: "VIP", threshold: 900_000, multiplierPercent: 200 }])).toBe(true);
  });
});

describe("tierSpendRulesChanged", () => {
  const rules = defaultProgramRules();

  it("is true when the window or the counting of test orders changes, false for anything else", () => {
    expect(tierSpendRulesChanged(rules, { ...rules, tierWindowDays: 180 })).toBe(true);
    expect(tierSpendRulesChanged(rules, { ...rules, earn: { ...rules.earn, includeTestOrders: true } })).toBe(true);
    expect(tierSpendRulesChanged(rules, { ...rules, earn: { ...rules.earn, points: 5 }, signupBonus: 0 })).toBe(false);
  });
});
