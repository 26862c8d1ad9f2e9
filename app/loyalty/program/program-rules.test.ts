import { describe, expect, it } from "vitest";
import { defaultProgramRules, parseProgramRules, programRulesSchema } from "./program-rules";
import { tierFor, tierProgress } from "~/loyalty/tiers/tiers";

describe("default program", () => {
  it("is the one docs/program.md describes", () => {
    const rules = defaultProgramRules();
    expect(rules.earn).toEqual({ points: 1, unitMinor: 100, includeTestOrders: false, pendingDays: 0, excludedCollectionIds: [] });
    expect(rules.campaigns).toEqual([]);
    expect(rules.signupBonus).toBe(100);
    expect(rules.redemption).toEqual({ points: 100, unitMinor: 100, returnPointsOnFullRefund: true });
    // The catalogue's defaults: reward-catalogue.test.ts.
    expect(rules.rewards.map((reward) => [reward.id, reward.enabled])).toEqual([
      ["amount-off", true],
      ["percentage-off-10", false],
      ["free-shipping", false],
    ]);
    expect(rules.tiers.map((t) => [t.name, t.threshold, t.multiplierPercent])).toEqual([
      ["Member", 0, 100],
      ["Silver", 50_000, 125],
      ["Gold", 150_000, 150],
    ]);
    expect(rules.tierWindowDays).toBe(365);
    expect(rules.referral).toEqual({
      friendDiscountPercent: 10,
      advocatePoints: 500,
      fraud: { rejectSameEmail: true, rejectSameAddress: true },
      milestone: { enabled: false, everyReferrals: 5, points: 1000 },
    });
    expect(rules.expiry.enabled).toBe(false);
  });

  it("fills in what older stored rules lack and keeps what they set", () => {
    const rules = parseProgramRules(JSON.stringify({ signupBonus: 250, earn: { pendingDays: 14 } }));
    expect(rules.signupBonus).toBe(250);
    expect(rules.earn).toMatchObject({ pendingDays: 14, points: 1, unitMinor: 100 });
    expect(rules.tiers).toHaveLength(3);
  });

  it("reads rules saved before rewards and fraud checks were settings with the default program's values for them", () => {
    const stored = {
      earn: { points: 2, unitMinor: 100, includeTestOrders: true, pendingDays: 7 },
      signupBonus: 50,
      redemption: { points: 200, unitMinor: 100, minimumPoints: 400, stepPoints: 200, codeLifetimeHours: 48 },
      tiers: [{ key: "member", name: "Member", threshold: 0, multiplierPercent: 100 }],
      tierWindowDays: 180,
      referral: { friendDiscountPercent: 15, advocatePoints: 300, milestone: { enabled: true, everyReferrals: 3, points: 600 } },
      expiry: { enabled: true, monthsWithoutPurchase: 6 },
    };
    const rules = parseProgramRules(JSON.stringify(stored));
    const { rewards, ...rest } = rules;
    expect(rest).toEqual({
      ...stored,
      // Nothing excluded from earning and no bonus campaigns (docs/program.md).
      earn: { ...stored.earn, excludedCollectionIds: [] },
      campaigns: [],
      redemption: { points: 200, unitMinor: 100, returnPointsOnFullRefund: true },
      referral: { ...stored.referral, fraud: { rejectSameEmail: true, rejectSameAddress: true } },
      // Tier tags, off (docs/metafields.md).
      customerData: {},
      // Tiers followed spend before they could follow anything else.
      tierMeasure: "spend",
      // Actions that earn, all off (docs/decisions/044-actions-that-earn.md).
      actions: { newsletter: { enabled: false, points: 100 }, social: { enabled: false, points: 50, links: [] }, customEvents: [] },
      // No one excluded by tag, shipping not counted, never paused (docs/decisions/041-the-program-fits-the-shop.md).
      exclusions: {},
    });
    expect(rules.earn.includeShipping).toBeUndefined();
    expect(rules.paused).toBeUndefined();
    // Its rewards, read into the catalogue with the same ladder and lifetime (reward-catalogue.test.ts).
    expect(rewards[0]).toMatchObject({ id: "amount-off", points: 400, stepPoints: 200, codeLifetimeHours: 48 });
  });

  it("reads tiers stored with spend thresholds (thresholdMinor) as tiers that follow spend", () => {
    const rules = parseProgramRules(
      JSON.stringify({ tiers: [{ key: "member", name: "Member", thresholdMinor: 0, multiplierPercent: 100 }, { key: "vip", name: "VIP", thresholdMinor: 90_000, multiplierPercent: 150 }] }),
    );
    expect(rules.tierMeasure).toBe("spend");
    expect(rules.tiers).toEqual([
      { key: "member", name: "Member", threshold: 0, multiplierPercent: 100 },
      { key: "vip", name: "VIP", threshold: 90_000, multiplierPercent: 150 },
    ]);
  });

  it("refuses two tiers at the same threshold", () => {
    const result = programRulesSchema.safeParse({
      tiers: [
        { key: "member", name: "Member", threshold: 0, multiplierPercent: 100 },
        { key: "a", name: "A", threshold: 100, multiplierPercent: 110 },
        { key: "b", name: "B", threshold: 100, multiplierPercent: 120 },
      ],
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["two tiers cannot start at the same threshold"]);
  });

  it("refuses tiers that would leave a member without a tier", () => {
    const result = programRulesSchema.safeParse({ tiers: [{ key: "vip", name: "VIP", threshold: 100, multiplierPercent: 200 }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("one tier must start at 0 so every member has a tier");
  });
});

describe("tiers", () => {
  const { tiers } = defaultProgramRules();

  it("gives the highest tier whose threshold the spend reaches", () => {
    expect(tierFor(0, tiers).key).toBe("member");
    expect(tierFor(49_999, tiers).key).toBe("member");
    expect(tierFor(50_000, tiers).key).toBe("silver");
    expect(tierFor(150_000, tiers).key).toBe("gold");
  });

  it("reports the spend left to the next tier", () => {
    expect(tierProgress(20_000, tiers)).toMatchObject({ tier: { key: "member" }, next: { key: "silver" }, remainingAmount: 30_000, percent: 40 });
    expect(tierProgress(100_000, tiers)).toMatchObject({ tier: { key: "silver" }, next: { key: "gold" }, remainingAmount: 50_000, percent: 50 });
    expect(tierProgress(900_000, tiers)).toMatchObject({ tier: { key: "gold" }, next: null, remainingAmount: 0, percent: 100 });
  });
});
