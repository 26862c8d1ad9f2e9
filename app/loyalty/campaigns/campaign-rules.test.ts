import { describe, expect, it } from "vitest";
import { defaultProgramRules, parseProgramRules, programRulesSchema } from "../program/program-rules";
import { campaignSchema, editCampaigns, newCampaignId, type Campaign } from "./campaign-rules";

const base = { id: "bf", name: "Black Friday", kind: "multiply", multiplierPercent: 200, startsAt: "2026-11-27T05:00:00.000Z", endsAt: "2026-11-30T05:00:00.000Z", timeZone: "America/New_York" };

describe("campaignSchema", () => {
  it("takes a campaign with its window, zone and bonus", () => {
    expect(campaignSchema.parse(base)).toMatchObject({ ...base, points: 0, collectionIds: [], enabled: true });
  });

  it("refuses a window that ends before it starts or lasts over a year, a ×1 multiplier, no points to add, an unknown zone", () => {
    const issues = (input: object) => campaignSchema.safeParse({ ...base, ...input }).error?.issues.map((issue) => issue.path.join(".")) ?? [];
    expect(issues({ endsAt: base.startsAt })).toEqual(["endsAt"]);
    expect(issues({ endsAt: "2028-01-01T00:00:00.000Z" })).toEqual(["endsAt"]);
    expect(issues({ multiplierPercent: 100 })).toEqual(["multiplierPercent"]);
    expect(issues({ kind: "add", points: 0 })).toEqual(["points"]);
    expect(issues({ timeZone: "Mars/Olympus" })).toEqual(["timeZone"]);
    expect(issues({ startsAt: "2026-11-27 05:00" })).toEqual(["startsAt"]);
  });
});

describe("campaigns in the program", () => {
  it("are none in a program saved before campaigns existed, and nothing is excluded", () => {
    const { campaigns, earn, ...older } = defaultProgramRules();
    const { excludedCollectionIds: _none, ...olderEarn } = earn;
    const read = parseProgramRules(JSON.stringify({ ...older, earn: olderEarn }));
    expect(campaigns).toEqual([]);
    expect(read.campaigns).toEqual([]);
    expect(read.earn.excludedCollectionIds).toEqual([]);
  });

  it("refuses two campaigns with one id", () => {
    expect(programRulesSchema.safeParse({ campaigns: [base, base] }).success).toBe(false);
  });

  it("adds, changes and deletes one campaign at a time", () => {
    const one = campaignSchema.parse(base) as Campaign;
    const added = editCampaigns([], { type: "save", campaign: one });
    expect(added).toEqual([one]);
    expect(editCampaigns(added ?? [], { type: "save", campaign: { ...one, multiplierPercent: 300 } })?.[0]?.multiplierPercent).toBe(300);
    expect(editCampaigns(added ?? [], { type: "delete", id: "bf" })).toEqual([]);
    expect(editCampaigns([], { type: "delete", id: "bf" })).toBeNull();
    expect(newCampaignId("Black Friday!", ["black-friday"])).toBe("black-friday-2");
    expect(newCampaignId("★", [])).toBe("campaign");
  });
});
