import { describe, expect, it } from "vitest";
import { defaultProgramRules, type Tier } from "~/loyalty/program/program-rules";
import { tierEntryKey, tierEntryPoints } from "./tier-entry";

const tiers: Tier[] = defaultProgramRules().tiers.map((tier) => ({ ...tier, entryPoints: tier.key === "gold" ? 500 : tier.key === "silver" ? 200 : 0 }));

describe("tierEntryPoints", () => {
  it("pays the reached tier's reward on a move up", () => {
    expect(tierEntryPoints("member", "silver", tiers)).toBe(200);
    expect(tierEntryPoints("silver", "gold", tiers)).toBe(500);
    // A jump pays the tier reached only.
    expect(tierEntryPoints("member", "gold", tiers)).toBe(500);
  });

  it("pays nothing on a move down, into a tier without a reward, or into a tier the program no longer has", () => {
    expect(tierEntryPoints("gold", "silver", tiers)).toBe(0);
    expect(tierEntryPoints("silver", "member", tiers)).toBe(0);
    expect(tierEntryPoints("member", "platinum", tiers)).toBe(0);
    expect(tierEntryPoints("silver", "gold", defaultProgramRules().tiers)).toBe(0);
  });

  it("counts a removed tier as the entry tier", () => {
    expect(tierEntryPoints("bronze", "silver", tiers)).toBe(200);
  });

  it("keys the reward by member and tier", () => {
    expect(tierEntryKey("m1", "gold")).toBe("member:m1:tier-entry:gold");
    expect(tierEntryKey("m1", "gold")).not.toBe(tierEntryKey("m1", "silver"));
  });
});
