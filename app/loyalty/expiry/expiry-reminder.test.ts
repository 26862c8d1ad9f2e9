import { describe, expect, it } from "vitest";
import { expiryReminderDue } from "./expiry-reminder";

const DAY = 24 * 60 * 60_000;
const expiry = { enabled: true, monthsWithoutPurchase: 12 };
const activity = { joinedAt: new Date("2025-01-01T00:00:00Z"), lastPurchaseAt: new Date("2025-06-01T00:00:00Z"), lastPointsActivityAt: null, lastExpiryAt: null };
// 12 months after the last purchase, then the 72 h wait for late purchases (expiry-window.ts).
const expiresAt = new Date("2026-06-04T00:00:00Z");

describe("whose points expire soon", () => {
  it("is due within the notice before the points expire, naming the batch by its quiet spell", () => {
    expect(expiryReminderDue(activity, { expiry }, new Date(expiresAt.getTime() - 10 * DAY), 14)).toEqual({ spellStart: activity.lastPurchaseAt, expiresAt });
    expect(expiryReminderDue(activity, { expiry }, new Date(expiresAt.getTime() - 15 * DAY), 14)).toBeNull();
    expect(expiryReminderDue(activity, { expiry }, expiresAt, 14)).toBeNull();
  });

  it("is never due with expiry off, and a later purchase makes a new batch", () => {
    expect(expiryReminderDue(activity, { expiry: { ...expiry, enabled: false } }, new Date(expiresAt.getTime() - DAY), 14)).toBeNull();
    const bought = { ...activity, lastPurchaseAt: new Date("2025-09-01T00:00:00Z") };
    expect(expiryReminderDue(bought, { expiry }, new Date(expiresAt.getTime() - DAY), 14)).toBeNull();
    expect(expiryReminderDue(bought, { expiry }, new Date("2026-08-30T00:00:00Z"), 14)?.spellStart).toEqual(bought.lastPurchaseAt);
  });
});
