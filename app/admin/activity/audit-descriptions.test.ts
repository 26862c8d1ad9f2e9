import { describe, expect, it } from "vitest";
import { describeAuditEvent, fieldLabel, valueText } from "./audit-descriptions";

describe("describeAuditEvent", () => {
  it("lists a program change field by field, in words", () => {
    const list = describeAuditEvent({
      action: "program.updated",
      subjectId: null,
      details: { changes: [{ field: "signupBonus", from: 100, to: 2500 }, { path: "tiers.gold.name", before: "Gold", after: "Gold club" }, { field: "testOrders", from: false, to: true }] },
    }, "USD");
    expect(list).toEqual({ title: "Changed the program", lines: ["Earning › Sign-up bonus (points): 100 → 2,500", "Tiers › gold › Name: Gold → Gold club", "Test orders: off → on"], memberId: null });
    const map = describeAuditEvent({ action: "program.updated", subjectId: null, details: { changes: { pendingDays: { from: 14, to: 30 }, expiryMonths: { to: 12 } } } }, "USD");
    expect(map.lines).toEqual(["Pending days: 14 → 30", "Expiry months: added 12"]);
    const names = describeAuditEvent({ action: "program.updated", subjectId: null, details: { changedFields: ["earning.pointsPerUnit", "tiers"] } }, "USD");
    expect(names.lines).toEqual(["Changed: Earning › points per unit, Tiers"]);
  });

  it("shows an adjustment's signed points and reason, and the member", () => {
    expect(describeAuditEvent({ action: "member.adjusted", subjectId: "m-1", details: { points: 250, reason: "Parcel lost", transferId: "t" } }, "USD")).toEqual({
      title: "Adjusted a member's points",
      lines: ["+250 points", "Reason: Parcel lost"],
      memberId: "m-1",
    });
    expect(describeAuditEvent({ action: "member.adjusted", subjectId: "m-1", details: { points: -1200, memo: "Duplicate" } }, "USD").lines).toEqual(["-1,200 points", "Reason: Duplicate"]);
  });

  it("describes a referral decision: the order, what it was before, and the advocate's points", () => {
    expect(
      describeAuditEvent({
        action: "referral.approved",
        subjectId: "r-9",
        details: { orderId: "7001", advocateMemberId: "m-2", previousStatus: "rejected", previousReason: "same_address", points: 500, transferId: "t" },
      }, "USD"),
    ).toEqual({
      title: "Approved a referral",
      lines: ["Referral on order 7001", "It was rejected (same address)", "500 points to the member who referred"],
      memberId: "m-2",
    });
    expect(
      describeAuditEvent({ action: "referral.rejected", subjectId: "r-9", details: { orderId: "7002", advocateMemberId: "m-2", previousStatus: "rewarded", reversedPoints: 500, reversalTransferId: "t" } }, "USD").lines,
    ).toEqual(["Referral on order 7002", "It was rewarded", "500 points taken back from the member who referred"]);
    expect(describeAuditEvent({ action: "referral.rejected", subjectId: "r-9", details: { reason: "Same address" } }, "USD").lines).toEqual(["Referral r-9", "Reason: Same address"]);
  });

  it("reads the program page's changes: paths, added and removed tiers, members moved", () => {
    const event = describeAuditEvent({
      action: "program.updated",
      subjectId: "shop",
      details: {
        changes: [
          { path: "earn.pendingDays", from: 14, to: 30 },
          { path: "tiers.gold.thresholdMinor", from: 50000, to: 60000 },
          { path: "tiers.vip", from: null, to: { name: "VIP", thresholdMinor: 100000, multiplierPercent: 200 } },
          { path: "tiers.silver", from: { name: "Silver", thresholdMinor: 20000, multiplierPercent: 125 }, to: null },
        ],
        membersRetiered: 12,
      },
    }, "USD");
    expect(event.lines).toEqual([
      "Earning › Pending window (days): 14 → 30",
      "Tiers › gold › Spend to reach: $500.00 → $600.00",
      "Tiers › vip: added name VIP, spend to reach $1,000.00, points multiplier 2",
      "Tiers › silver: removed name Silver, spend to reach $200.00, points multiplier 1.25",
      "12 members moved to another tier",
    ]);
  });

  it("names every rule as the Program page does, with amounts in the shop's currency", () => {
    const event = describeAuditEvent(
      {
        action: "program.updated",
        subjectId: "shop",
        details: {
          changes: [
            { path: "earn.unitMinor", from: 100, to: 250 },
            { path: "earn.includeTestOrders", from: false, to: true },
            { path: "redemption.points", from: 100, to: 200 },
            { path: "redemption.freeShipping.minimumOrderMinor", from: 0, to: 5000 },
            { path: "redemption.percentageOff.percent", from: 10, to: 15 },
            { path: "referral.friendDiscountPercent", from: 10, to: 20 },
            { path: "referral.fraud.rejectSameAddress", from: true, to: false },
            { path: "expiry.monthsWithoutPurchase", from: 12, to: 18 },
            { path: "tierWindowDays", from: 365, to: 180 },
          ],
        },
      },
      "EUR",
    );
    expect(event.lines).toEqual([
      "Earning › For every: €1.00 → €2.50",
      "Earning › Test orders earn points: off → on",
      "Rewards › Amount off › Points: 100 → 200",
      "Rewards › Free shipping › Minimum order: €0.00 → €50.00",
      "Rewards › Percentage off › Percentage off: 10% → 15%",
      "Referrals › Friend's discount (%): 10% → 20%",
      "Referrals › Reject when friend and member share a shipping address: on → off",
      "Points expiry › After (months without activity): 12 → 18",
      "Tiers › Counted over (days): 365 → 180",
    ]);
  });

  it("summarises a completed import", () => {
    const event = describeAuditEvent({ action: "import.completed", subjectId: "i-1", details: { importId: "i-1", format: "smile", rows: 50000, changed: 49000, unchanged: 1000, errorRows: 3 } }, "USD");
    expect(event.lines).toEqual(["50,000 rows from a Smile.io file", "49,000 balances changed, 1,000 already up to date", "3 rows with errors left out"]);
    const one = describeAuditEvent({ action: "import.completed", subjectId: "i-2", details: { format: "loyaltylion", rows: 1, changed: 1, unchanged: 0, errorRows: 1 } }, "USD");
    expect(one.lines).toEqual(["1 row from a LoyaltyLion file", "1 balance changed, 0 already up to date", "1 row with errors left out"]);
  });

  it("shows details it does not recognise as field: value lines rather than hiding them", () => {
    expect(describeAuditEvent({ action: "program.updated", subjectId: null, details: { note: "bulk", count: 3 } }, "USD").lines).toEqual(["Note: bulk", "Count: 3"]);
    expect(describeAuditEvent({ action: "something.new", subjectId: null, details: { a_b: [1, 2] } }, "USD")).toEqual({ title: "something.new", lines: ["A b: 1, 2"], memberId: null });
  });
});

describe("words for fields and values", () => {
  it("turns paths and values into text", () => {
    expect(fieldLabel("referral.friendDiscount_percent")).toBe("Referral › friend discount percent");
    expect(valueText(null)).toBe("(none)");
    expect(valueText({ a: 1 })).toBe("a 1");
    expect(valueText("x".repeat(10))).toBe("xxxxxxxxxx");
  });
});
