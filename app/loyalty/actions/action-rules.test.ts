import { describe, expect, it } from "vitest";
import { actionsSchema, isNetworkLink } from "./action-rules";
import { isNewsletterSignup } from "./newsletter-consent";

describe("actions that earn", () => {
  it("take only https links on the network's own hosts", () => {
    expect(isNetworkLink("instagram", "https://www.instagram.com/tallyshop")).toBe(true);
    expect(isNetworkLink("x", "https://twitter.com/tallyshop")).toBe(true);
    expect(isNetworkLink("youtube", "https://youtu.be/abc")).toBe(true);
    expect(isNetworkLink("instagram", "http://www.instagram.com/tallyshop")).toBe(false);
    expect(isNetworkLink("instagram", "https://instagram.com.evil.example/tallyshop")).toBe(false);
    expect(isNetworkLink("instagram", "https://user:pass@instagram.com/x")).toBe(false);
    expect(isNetworkLink("facebook", "javascript:alert(1)")).toBe(false);
  });

  it("refuse a network listed twice and an event name with two rules", () => {
    const link = { network: "instagram", url: "https://instagram.com/a" };
    expect(actionsSchema.safeParse({ social: { links: [link, link] } }).success).toBe(false);
    const rule = { event: "quiz", points: 5, limit: { kind: "once" } };
    expect(actionsSchema.safeParse({ customEvents: [rule, rule] }).success).toBe(false);
  });

  it("count only a subscribed consent as a sign-up", () => {
    expect(isNewsletterSignup("subscribed")).toBe(true);
    for (const state of ["pending", "not_subscribed", "unsubscribed", "redacted", "invalid", null, undefined]) expect(isNewsletterSignup(state)).toBe(false);
  });
});
