import { describe, expect, it } from "vitest";
import { describeAuditEvent, fieldLabel, valueText } from "./audit-descriptions";

describe("describeAuditEvent", () => {
  it("lists a program change field by field, in words", () => {
    const list = describeAuditEvent({
      action: "program.updated",
      subjectId: null,
      details: { changes: [{ field: "signupBonus", from: 100, to: 2500 }, { path: "tiers.gold.name", before: "Gold", after: "Gold club" }, { field: "testOrders", from: false, to: true }] },
    });
    expect(list).toEqual({ title: "Changed the program", lines: ["Signup bonus: 100 → 2,500", "Tiers › gold › name: Gold → Gold club", "Test orders: off → on"], memberId: null });
    const map = describeAuditEvent({ action: "program.updated", subjectId: null, details: { changes: { pendingDays: { from: 14, to: 30 }, expiryMonths: { to: 12 } } } });
    expect(map.lines).toEqual(["Pending days: 14 → 30", "Expiry months: added 12"]);
    const names = describeAuditEvent({ action: "program.updated", subjectId: null, details: { changedFields: ["earning.pointsPerUnit", "tiers"] } });
    expect(names.lines).toEqual(["Changed: Earning › points per unit, Tiers"]);
  });

  it("shows an adjustment's signed points and reason, and the member", () => {
    expect(describeAuditEvent({ action: "member.adjusted", subjectId: "m-1", details: { points: 250, reason: "Parcel lost", transferId: "t" } })).toEqual({
      title: "Adjusted a member's points",
      lines: ["+250 points", "Reason: Parcel lost"],
      memberId: "m-1",
    });
    expect(describeAuditEvent({ action: "member.adjusted", subjectId: "m-1", details: { points: -1200, memo: "Duplicate" } }).lines).toEqual(["-1,200 points", "Reason: Duplicate"]);
  });

  it("names the referral and the reason of a referral decision", () => {
    expect(describeAuditEvent({ action: "referral.rejected", subjectId: "r-9", details: { reason: "Same address as the advocate" } })).toEqual({
      title: "Rejected a referral",
      lines: ["Referral r-9", "Reason: Same address as the advocate"],
      memberId: null,
    });
    expect(describeAuditEvent({ action: "referral.approved", subjectId: "r-9", details: { advocateMemberId: "m-2" } })).toMatchObject({ title: "Approved a referral", memberId: "m-2" });
  });

  it("summarises a completed import", () => {
    const event = describeAuditEvent({ action: "import.completed", subjectId: "i-1", details: { importId: "i-1", format: "smile", rows: 50000, changed: 49000, unchanged: 1000, errorRows: 3 } });
    expect(event.lines).toEqual(["50,000 rows from a Smile.io file", "49,000 balances changed, 1,000 already up to date", "3 rows with errors left out"]);
    const one = describeAuditEvent({ action: "import.completed", subjectId: "i-2", details: { format: "loyaltylion", rows: 1, changed: 1, unchanged: 0, errorRows: 1 } });
    expect(one.lines).toEqual(["1 row from a LoyaltyLion file", "1 balance changed, 0 already up to date", "1 row with errors left out"]);
  });

  it("shows details it does not recognise as field: value lines rather than hiding them", () => {
    expect(describeAuditEvent({ action: "program.updated", subjectId: null, details: { note: "bulk", count: 3 } }).lines).toEqual(["Note: bulk", "Count: 3"]);
    expect(describeAuditEvent({ action: "something.new", subjectId: null, details: { a_b: [1, 2] } })).toEqual({ title: "something.new", lines: ["A b: 1, 2"], memberId: null });
  });
});

describe("words for fields and values", () => {
  it("turns paths and values into text", () => {
    expect(fieldLabel("referral.friendDiscount_percent")).toBe("Referral › friend discount percent");
    expect(valueText(null)).toBe("(none)");
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText("x".repeat(10))).toBe("xxxxxxxxxx");
  });
});
