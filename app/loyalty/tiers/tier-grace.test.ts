import { describe, expect, it } from "vitest";
import { defaultProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import type { QualifyingOrder } from "./qualifying-total";
import { heldTier } from "./tier-grace";

const DAY = 86_400_000;
const NOW = new Date("2026-12-05T12:00:00Z");
const order = (daysAgo: number, spendMinor: number, extra: Partial<QualifyingOrder> = {}): QualifyingOrder => ({
  paidAt: new Date(NOW.getTime() - daysAgo * DAY),
  cancelledAt: null,
  test: false,
  eligibleMinor: spendMinor,
  refundedMinor: 0,
  earnedPoints: null,
  ...extra,
});
const rules = (tierGraceDays?: number): ProgramRules => ({ ...defaultProgramRules(), ...(tierGraceDays === undefined ? {} : { tierGraceDays }) });

describe("heldTier", () => {
  it("is the tier the total reaches when the program has no grace", () => {
    expect(heldTier([order(370, 160_000)], rules(), NOW)).toEqual({ tier: expect.objectContaining({ key: "member" }) as unknown, total: 0, keptUntil: null });
    expect(heldTier([order(370, 160_000)], rules(0), NOW).tier.key).toBe("member");
  });

  it("keeps the tier until the grace period after the total fell below it", () => {
    // Left the window 5 days ago: kept, until 25 days from now.
    const kept = heldTier([order(370, 160_000)], rules(30), NOW);
    expect(kept.tier.key).toBe("gold");
    expect(kept.total).toBe(0);
    expect(kept.keptUntil?.getTime()).toBe(NOW.getTime() - 370 * DAY + (365 + 30) * DAY);
    // Left 31 days ago: dropped.
    expect(heldTier([order(396, 160_000)], rules(30), NOW)).toMatchObject({ tier: { key: "member" }, keptUntil: null });
  });

  it("keeps the highest tier reached in the grace period, and counts its fall from the last moment it was reached", () => {
    // Gold (1,600.00) from 20 days ago until 10 days ago, when 1,000.00 left the window; Silver since.
    const orders = [order(375, 100_000), order(20, 60_000)];
    const kept = heldTier(orders, rules(30), NOW);
    expect(kept).toMatchObject({ tier: { key: "gold" }, total: 60_000 });
    expect(kept.keptUntil?.getTime()).toBe(NOW.getTime() - 375 * DAY + (365 + 30) * DAY);
    // Without grace, Silver.
    expect(heldTier(orders, rules(), NOW).tier.key).toBe("silver");
  });

  it("keeps nothing a member did not reach: a refund in full takes the order back from every moment", () => {
    expect(heldTier([order(370, 160_000, { refundedMinor: 160_000 })], rules(30), NOW)).toMatchObject({ tier: { key: "member" }, keptUntil: null });
    expect(heldTier([order(370, 160_000, { cancelledAt: NOW })], rules(30), NOW)).toMatchObject({ tier: { key: "member" }, keptUntil: null });
  });

  it("says nothing is kept while the total itself reaches the tier", () => {
    expect(heldTier([order(10, 160_000)], rules(30), NOW)).toMatchObject({ tier: { key: "gold" }, keptUntil: null });
  });
});
