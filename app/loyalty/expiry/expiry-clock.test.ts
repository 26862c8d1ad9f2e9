import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { memberPointsExpireAt, pointsExpireAt, purchaseUndoesExpiry, spellDueToExpire, spellExpiresAt } from "./expiry-clock";

const DAY = 86_400_000;
const start = new Date("2026-01-10T00:00:00Z");
const plain = spellExpiresAt(start, 6);
const iso = (ms: number) => new Date(ms).toISOString();
const expiry = { ...defaultProgramRules().expiry, enabled: true, monthsWithoutPurchase: 6 };
const activity = { joinedAt: new Date("2025-12-01T00:00:00Z"), lastPurchaseAt: start, lastPointsActivityAt: null, lastExpiryAt: null };

describe("the expiry clock stops while the program is paused", () => {
  it("ends the spell as before with no pause, or with pauses before the spell or after its end", () => {
    expect(pointsExpireAt(start, 6, [])).toEqual(plain);
    const before = { from: iso(start.getTime() - 30 * DAY), to: iso(start.getTime() - DAY) };
    const after = { from: iso(plain.getTime() + DAY), to: iso(plain.getTime() + 9 * DAY) };
    expect(pointsExpireAt(start, 6, [before, after])).toEqual(plain);
  });

  it("moves the end by as long as each pause inside the spell lasted, counting only its part after the spell began", () => {
    const pause = { from: iso(start.getTime() + 10 * DAY), to: iso(start.getTime() + 40 * DAY) };
    expect(pointsExpireAt(start, 6, [pause])).toEqual(new Date(plain.getTime() + 30 * DAY));
    const straddling = { from: iso(start.getTime() - 5 * DAY), to: iso(start.getTime() + 5 * DAY) };
    expect(pointsExpireAt(start, 6, [straddling, pause])).toEqual(new Date(plain.getTime() + 35 * DAY));
  });

  it("counts a pause that begins only because an earlier one pushed the end past its start", () => {
    const first = { from: iso(plain.getTime() - 2 * DAY), to: iso(plain.getTime() + 8 * DAY) };
    const second = { from: iso(plain.getTime() + 5 * DAY + 8 * DAY), to: iso(plain.getTime() + 20 * DAY) };
    // The first moves the end to plain + 10 days; the second begins at plain + 13 days, after that: not counted.
    expect(pointsExpireAt(start, 6, [second, first])).toEqual(new Date(plain.getTime() + 10 * DAY));
    const third = { from: iso(plain.getTime() + 9 * DAY), to: iso(plain.getTime() + 12 * DAY) };
    expect(pointsExpireAt(start, 6, [first, third])).toEqual(new Date(plain.getTime() + 13 * DAY));
  });

  it("has no end while a pause that began inside the spell is still on", () => {
    expect(pointsExpireAt(start, 6, [{ from: iso(start.getTime() + DAY), to: null }])).toBeNull();
  });

  it("expires nothing at a moment the program is paused, even a spell that ended before the pause", () => {
    const late = new Date(plain.getTime() + 2 * DAY);
    const pauses = [{ from: iso(plain.getTime() + DAY), to: null }];
    expect(spellDueToExpire(activity, { expiry }, late)).toEqual(start);
    expect(spellDueToExpire(activity, { expiry, paused: true, pauses }, late)).toBeNull();
    expect(memberPointsExpireAt(activity, { expiry, paused: true, pauses }, late)).toBeNull();
  });

  it("due once the running time is over, on the shifted date", () => {
    const pauses = [{ from: iso(start.getTime() + 20 * DAY), to: iso(start.getTime() + 80 * DAY) }];
    const shifted = new Date(plain.getTime() + 60 * DAY);
    expect(memberPointsExpireAt(activity, { expiry, pauses }, start)).toEqual({ spellStart: start, expiresAt: shifted });
    expect(spellDueToExpire(activity, { expiry, pauses }, new Date(shifted.getTime() - 1))).toBeNull();
    expect(spellDueToExpire(activity, { expiry, pauses }, shifted)).toEqual(start);
  });

  it("gives expired points back for a late purchase whose spell would not have ended by the run, pauses counted", () => {
    const ranAt = new Date(plain.getTime() + 10 * DAY);
    // Without a pause, a purchase paid at the spell's start had ended its own spell 10 days before the run.
    expect(purchaseUndoesExpiry(start, ranAt, 6)).toBe(false);
    const pauses = [{ from: iso(start.getTime() + DAY), to: iso(start.getTime() + 31 * DAY) }];
    expect(purchaseUndoesExpiry(start, ranAt, 6, pauses)).toBe(true);
    expect(purchaseUndoesExpiry(new Date(ranAt.getTime() + 1), ranAt, 6, pauses)).toBe(false);
  });
});
