import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { spellExpiresAt } from "./expiry-clock";
import { daysLeft, expiryNotice } from "./expiry-notice";

const DAY = 86_400_000;
const paid = new Date("2026-03-10T12:00:00Z");
const activity = { joinedAt: new Date("2026-01-01T00:00:00Z"), lastPurchaseAt: paid, lastPointsActivityAt: null, lastExpiryAt: null };
const expiry = { ...defaultProgramRules().expiry, enabled: true, monthsWithoutPurchase: 6 };
const expiresAt = spellExpiresAt(paid, 6);

describe("the points expiring notice", () => {
  it("is due from the notice days before the expiry job would take the points until it does", () => {
    expect(expiresAt.toISOString()).toBe("2026-09-13T12:00:00.000Z");
    const at = (ms: number) => expiryNotice({ activity, available: 120, rules: { expiry }, now: new Date(expiresAt.getTime() - ms) });
    expect(at(7 * DAY + 1)).toBeNull();
    expect(at(7 * DAY)).toEqual({ spellStart: paid, expiresAt, points: 120 });
    expect(at(1)).toEqual({ spellStart: paid, expiresAt, points: 120 });
    expect(at(0)).toBeNull();
  });

  it("follows the program's notice days", () => {
    const now = new Date(expiresAt.getTime() - 20 * DAY);
    expect(expiryNotice({ activity, available: 120, rules: { expiry }, now })).toBeNull();
    expect(expiryNotice({ activity, available: 120, rules: { expiry: { ...expiry, noticeDays: 30 } }, now })).toMatchObject({ points: 120 });
  });

  it("is none when expiry is off or nothing is left to lose", () => {
    const now = new Date(expiresAt.getTime() - DAY);
    expect(expiryNotice({ activity, available: 120, rules: { expiry: { ...expiry, enabled: false } }, now })).toBeNull();
    expect(expiryNotice({ activity, available: 0, rules: { expiry }, now })).toBeNull();
  });

  it("names a new quiet spell after the member buys again, so each spell is announced once", () => {
    const later = new Date("2026-08-01T09:00:00Z");
    const renewed = expiryNotice({ activity: { ...activity, lastPurchaseAt: later }, available: 50, rules: { expiry }, now: new Date(spellExpiresAt(later, 6).getTime() - DAY) });
    expect(renewed?.spellStart).toEqual(later);
  });

  it("counts whole days left, rounded up", () => {
    expect(daysLeft(expiresAt, new Date(expiresAt.getTime() - 9 * DAY))).toBe(9);
    expect(daysLeft(expiresAt, new Date(expiresAt.getTime() - 9 * DAY + 1))).toBe(9);
    expect(daysLeft(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(1);
  });
});
