// The extensions read only what they checked: a malformed or partial answer from the backend becomes "no answer"
// (the surfaces then apologise) rather than a crash in the shopper's checkout.
import { describe, expect, it } from "vitest";
import { parseEstimate, parseOrderPoints, parseRedemption, parseReferralCheck, parseSummary } from "./shopper-responses";

const summary = {
  signedIn: true,
  balance: { available: 834, pending: 42, reserved: 500, lifetimeEarned: 1334 },
  tier: { key: "member", name: "Member", multiplierPercent: 100, progress: { nextTierName: "Silver", remainingAmount: 19000, remaining: "$190.00", percent: 62 } },
  referral: { code: "SHOPPER-87ZW", url: "https://shop.example/apps/tally/r/SHOPPER-87ZW", friendDiscountPercent: 10, advocatePoints: 500, made: 2, rewarded: 1, pending: 1 },
  rewards: [{ id: "amount-off-500", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0, title: "$5.00 off", affordable: true }, { id: 7 }],
  codes: [{ code: "TALLY-QVYK-GPHM", points: 500, expiresAt: "2026-11-29T07:14:06.076Z", title: "$5.00 off" }],
  history: [{ id: "h1", code: "REDEMPTION", points: -500, status: "pending", title: "Reward redeemed", createdAt: "2026-11-28T07:14:06.090Z" }],
  program: {},
};

describe("parseSummary", () => {
  it("reads the documented answer, dropping list items it cannot use", () => {
    const parsed = parseSummary(summary);
    expect(parsed).toMatchObject({
      signedIn: true,
      balance: { available: 834, pending: 42 },
      tier: { name: "Member", progress: { nextTierName: "Silver", percent: 62, remaining: "$190.00" } },
      referral: { code: "SHOPPER-87ZW", friendDiscountPercent: 10, advocatePoints: 500, made: 2, rewarded: 1, pending: 1 },
      codes: [{ code: "TALLY-QVYK-GPHM", title: "$5.00 off" }],
      history: [{ id: "h1", code: "REDEMPTION", points: -500, status: "pending" }],
    });
    expect(parsed && parsed.signedIn && parsed.rewards.map((reward) => reward.id)).toEqual(["amount-off-500"]);
  });

  it("reads a signed-out answer, and refuses one without a balance or a referral", () => {
    expect(parseSummary({ signedIn: false, program: {} })).toEqual({ signedIn: false });
    expect(parseSummary({ ...summary, balance: { available: "834", pending: 0 } })).toBeNull();
    expect(parseSummary({ ...summary, referral: null })).toBeNull();
    expect(parseSummary("<html>")).toBeNull();
  });

  it("keeps the tier progress between 0 and 100", () => {
    const parsed = parseSummary({ ...summary, tier: { name: "Member", progress: { nextTierName: "Silver", percent: 140 } } });
    expect(parsed && parsed.signedIn && parsed.tier?.progress).toEqual({ nextTierName: "Silver", percent: 100, remaining: null });
  });
});

describe("the other answers", () => {
  it("need their required fields", () => {
    expect(parseRedemption({ code: "X", points: 500, expiresAt: "2026-11-29T07:14:06Z", status: "issued", reward: { title: "$5.00 off" } })).toEqual({
      code: "X",
      points: 500,
      expiresAt: "2026-11-29T07:14:06Z",
      status: "issued",
      reward: { title: "$5.00 off" },
    });
    expect(parseRedemption({ code: "X", points: "500" })).toBeNull();
    expect(parseReferralCheck({ valid: true, discountCode: "MAYA-7K3Q" })).toBeNull();
    expect(parseReferralCheck({ valid: false })).toEqual({ valid: false, reason: "not_found" });
    expect(parseOrderPoints({ points: 0, status: "processing" })).toEqual({ points: 0, status: "processing" });
    expect(parseOrderPoints({ points: 3, status: "paid" })).toBeNull();
    expect(parseEstimate({ points: null })).toEqual({ points: null });
    expect(parseEstimate({ points: 1.5 })).toBeNull();
  });
});
