import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { planDemoHistory } from "./demo-history";

const ANCHOR = new Date("2026-11-23T12:00:00Z");
const DAY_MS = 86_400_000;

describe("the demo's year", () => {
  const events = planDemoHistory(defaultProgramRules(), ANCHOR);

  it("is the same every time, oldest first, within the year before the anchor", () => {
    expect(planDemoHistory(defaultProgramRules(), ANCHOR)).toEqual(events);
    const times = events.map((event) => event.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThan(ANCHOR.getTime());
    expect(ANCHOR.getTime() - Math.min(...times)).toBeLessThanOrEqual(365 * DAY_MS);
  });

  it("signs every customer up before anything else happens to them", () => {
    const joined = new Map<string, number>();
    for (const event of events) {
      if (event.kind === "signup") joined.set(event.customer.customerId, event.at.getTime());
      const customer = event.kind === "order" ? ("customer" in event.buyer ? event.buyer.customer : null) : "customer" in event ? event.customer : null;
      if (customer && event.kind !== "signup") expect(joined.get(customer.customerId), `${event.kind} of ${customer.customerId}`).toBeLessThan(event.at.getTime());
    }
    expect(joined.size).toBe(50);
  });

  it("has advocates sign up before any order carries their code", () => {
    const signups = new Map(events.flatMap((event) => (event.kind === "signup" ? [[event.customer.number, event.at.getTime()] as const] : [])));
    const referred = events.filter((event) => event.kind === "order" && event.referralOf !== null);
    expect(referred.length).toBe(12);
    for (const event of referred) if (event.kind === "order" && event.referralOf !== null) expect(signups.get(event.referralOf)).toBeLessThan(event.at.getTime());
  });

  it("resolves every reservation after it was made, and leaves one or two open at the anchor", () => {
    const reserved = new Map(events.flatMap((event) => (event.kind === "reserve" ? [[event.key, event.at.getTime()] as const] : [])));
    const resolved = events.filter((event) => event.kind === "resolve");
    for (const event of resolved) if (event.kind === "resolve") expect(reserved.get(event.reservation)).toBeLessThan(event.at.getTime());
    // Two customers ask for a code at the end, each getting one when what they surely hold affords it.
    expect(reserved.size - resolved.length).toBeGreaterThanOrEqual(1);
    expect(reserved.size - resolved.length).toBeLessThanOrEqual(2);
  });
});
