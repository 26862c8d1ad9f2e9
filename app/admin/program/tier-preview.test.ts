import { describe, expect, it } from "vitest";
import { bandsOf, countSpendsPerTier, countsPerTier } from "./tier-preview";

describe("tier preview arithmetic", () => {
  it("numbers bands by ascending threshold and maps each draft tier to its band", () => {
    expect(bandsOf([50_000, 0, 150_000])).toEqual({ ascending: [0, 50_000, 150_000], bandOfTier: [1, 0, 2] });
  });

  it("hands the counts back in the draft's order", () => {
    expect(countsPerTier([50_000, 0, 150_000], new Map([[0, 7], [1, 3], [2, 1]]))).toEqual([3, 7, 1]);
    expect(countsPerTier([0, 100], new Map([[0, 4]]))).toEqual([4, 0]);
  });

  it("counts a member at a threshold into that tier", () => {
    const spends = [0, 49_999, 50_000, 50_001, 149_999, 150_000, 1_000_000];
    expect(countSpendsPerTier(spends, [0, 50_000, 150_000])).toEqual([2, 3, 2]);
    expect(countSpendsPerTier(spends, [0, 150_000, 50_000])).toEqual([2, 2, 3]);
  });

  it("gives a shared threshold's members to the first tier at it", () => {
    expect(countSpendsPerTier([0, 10, 20], [0, 10, 10])).toEqual([1, 2, 0]);
  });
});
