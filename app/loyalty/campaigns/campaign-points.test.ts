import { describe, expect, it } from "vitest";
import { MAX_AMOUNT_MINOR } from "~/money/money";
import { MAX_EARN_POINTS_PER_MINOR_UNIT, MAX_MULTIPLIER_PERCENT } from "../program/program-rules";
import { MAX_CAMPAIGN_MULTIPLIER_PERCENT } from "./campaign-rules";
import { campaignBonus, campaignRunsAt, MAX_CAMPAIGN_POINTS_PER_ORDER, type CampaignTerms } from "./campaign-points";

const earn = { points: 1, unitMinor: 100 };
const member = { multiplierPercent: 100 };
const gold = { multiplierPercent: 150 };
const SUMMER = "gid://shopify/Collection/7";

function campaign(terms: Partial<CampaignTerms>): CampaignTerms {
  return {
    id: "double",
    kind: "multiply",
    multiplierPercent: 200,
    points: 0,
    startsAt: "2026-11-27T05:00:00.000Z",
    endsAt: "2026-11-30T05:00:00.000Z",
    collectionIds: [],
    enabled: true,
    ...terms,
  };
}

const order = (eligibleMinor: number, inSummer = 0) => ({ eligibleMinor, spendIn: (ids: readonly string[]) => (ids.includes(SUMMER) ? inSummer : 0) });
const inside = new Date("2026-11-28T12:00:00Z");

describe("campaignRunsAt", () => {
  it("runs from its start, included, to its end, excluded, and only when switched on", () => {
    const c = campaign({});
    expect(campaignRunsAt(c, new Date("2026-11-27T04:59:59.999Z"))).toBe(false);
    expect(campaignRunsAt(c, new Date("2026-11-27T05:00:00.000Z"))).toBe(true);
    expect(campaignRunsAt(c, new Date("2026-11-30T04:59:59.999Z"))).toBe(true);
    expect(campaignRunsAt(c, new Date("2026-11-30T05:00:00.000Z"))).toBe(false);
    expect(campaignRunsAt({ ...c, enabled: false }, inside)).toBe(false);
  });
});

describe("campaignBonus", () => {
  it("doubles what the order earns at the member's tier, and nothing outside the window", () => {
    expect(campaignBonus([campaign({})], inside, order(12345), earn, member)).toEqual({ points: 123, campaignIds: ["double"] });
    expect(campaignBonus([campaign({})], inside, order(12345), earn, gold)).toEqual({ points: 185, campaignIds: ["double"] });
    expect(campaignBonus([campaign({})], new Date("2026-12-01T00:00:00Z"), order(12345), earn, member)).toEqual({ points: 0, campaignIds: [] });
  });

  it("adds a fixed bonus to an order with eligible spend, and none to one without", () => {
    const add = campaign({ id: "plus-50", kind: "add", points: 50 });
    expect(campaignBonus([add], inside, order(1000), earn, member)).toEqual({ points: 50, campaignIds: ["plus-50"] });
    expect(campaignBonus([add], inside, order(0), earn, member)).toEqual({ points: 0, campaignIds: [] });
  });

  it("counts only the spend on a limited campaign's collections, and nothing when that is unknown", () => {
    const summer = campaign({ id: "summer", multiplierPercent: 300, collectionIds: [SUMMER] });
    expect(campaignBonus([summer], inside, order(10000, 4000), earn, member)).toEqual({ points: 80, campaignIds: ["summer"] });
    expect(campaignBonus([summer], inside, order(10000, 0), earn, member)).toEqual({ points: 0, campaignIds: [] });
    expect(campaignBonus([summer], inside, { eligibleMinor: 10000, spendIn: () => null }, earn, member)).toEqual({ points: 0, campaignIds: [] });
  });

  it("adds overlapping campaigns' bonuses (×2 and ×3 make ×4) and caps their sum per order", () => {
    const both = [campaign({}), campaign({ id: "triple", multiplierPercent: 300 }), campaign({ id: "plus", kind: "add", points: 7 })];
    expect(campaignBonus(both, inside, order(10000), earn, member)).toEqual({ points: 100 + 200 + 7, campaignIds: ["double", "triple", "plus"] });
    const most = { points: MAX_EARN_POINTS_PER_MINOR_UNIT, unitMinor: 1 };
    const huge = campaignBonus([campaign({ multiplierPercent: MAX_CAMPAIGN_MULTIPLIER_PERCENT })], inside, order(MAX_AMOUNT_MINOR), most, { multiplierPercent: MAX_MULTIPLIER_PERCENT });
    expect(huge.points).toBe(MAX_CAMPAIGN_POINTS_PER_ORDER);
  });
});
