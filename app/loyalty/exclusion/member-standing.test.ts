import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "../program/program-rules";
import { excludedTagOf, normalizeTags } from "./customer-tags";
import { memberStanding, orderEarns } from "./member-standing";

const rules = { ...defaultProgramRules(), exclusions: { customerTags: ["Staff", "wholesale"] } };
const paidAt = new Date("2026-12-02T12:00:00Z");

describe("who is in the program", () => {
  it("keeps Shopify's tags in one form, whatever their case and spacing", () => {
    expect(normalizeTags(" VIP,staff , vip")).toBe("staff, vip");
    expect(normalizeTags("")).toBeNull();
    expect(excludedTagOf("staff, vip", rules.exclusions.customerTags)).toBe("Staff");
    expect(excludedTagOf("staffer", rules.exclusions.customerTags)).toBeNull();
  });

  it("puts out a member staff excluded or one carrying an excluded tag; a pause only while it lasts", () => {
    expect(memberStanding({ tags: "vip", excludedAt: null }, rules, paidAt)).toBe("in");
    expect(memberStanding({ tags: "wholesale", excludedAt: null }, rules, paidAt)).toBe("excluded");
    expect(memberStanding({ tags: null, excludedAt: paidAt }, rules, paidAt)).toBe("excluded");
    const paused = { ...rules, pauses: [{ from: "2026-12-01T00:00:00.000Z", to: null }] };
    expect(memberStanding({ tags: null, excludedAt: null }, paused, paidAt)).toBe("paused");
    expect(memberStanding(null, paused, new Date("2026-11-30T00:00:00Z"))).toBe("in");
  });

  it("lets an order earn by its own moment: its tags, a pause around its payment, an exclusion made before it", () => {
    const order = { paidAt, customerTags: "vip", memberExcludedAt: null };
    expect(orderEarns(order, rules)).toBe(true);
    expect(orderEarns({ ...order, customerTags: "staff" }, rules)).toBe(false);
    expect(orderEarns({ ...order, memberExcludedAt: new Date("2026-12-02T11:00:00Z") }, rules)).toBe(false);
    expect(orderEarns({ ...order, memberExcludedAt: new Date("2026-12-02T13:00:00Z") }, rules)).toBe(true);
    const pausedThen = { ...rules, pauses: [{ from: "2026-12-01T00:00:00.000Z", to: "2026-12-03T00:00:00.000Z" }] };
    expect(orderEarns(order, pausedThen)).toBe(false);
    expect(orderEarns({ ...order, paidAt: new Date("2026-12-03T00:00:00Z") }, pausedThen)).toBe(true);
  });
});
