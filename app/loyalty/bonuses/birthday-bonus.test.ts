import { describe, expect, it } from "vitest";
import { birthdayBonusYear, birthdayChange, birthdayWindow, celebratedOn, isValidBirthday, localDate } from "./birthday-bonus";

describe("birthdays people can have", () => {
  it("takes 29 February and refuses 31 February, 31 April, a 13th month and day 0", () => {
    expect(isValidBirthday({ month: 2, day: 29 })).toBe(true);
    expect(isValidBirthday({ month: 12, day: 31 })).toBe(true);
    expect(isValidBirthday({ month: 2, day: 30 })).toBe(false);
    expect(isValidBirthday({ month: 2, day: 31 })).toBe(false);
    expect(isValidBirthday({ month: 4, day: 31 })).toBe(false);
    expect(isValidBirthday({ month: 13, day: 1 })).toBe(false);
    expect(isValidBirthday({ month: 0, day: 1 })).toBe(false);
    expect(isValidBirthday({ month: 5, day: 0 })).toBe(false);
    expect(isValidBirthday({ month: 5, day: 1.5 })).toBe(false);
  });
});

describe("the day a birthday is celebrated", () => {
  it("is 28 February for 29 February in a year without one, and 29 February in a leap year", () => {
    expect(celebratedOn({ month: 2, day: 29 }, 2027)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(celebratedOn({ month: 2, day: 29 }, 2028)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(celebratedOn({ month: 7, day: 14 }, 2027)).toEqual({ year: 2027, month: 7, day: 14 });
  });

  it("is the shop's date: late on 9 March in New York is already 10 March in UTC", () => {
    const at = new Date("2027-03-10T03:30:00Z");
    expect(localDate(at, "America/New_York")).toEqual({ year: 2027, month: 3, day: 9 });
    expect(localDate(at, "Asia/Tokyo")).toEqual({ year: 2027, month: 3, day: 10 });
    expect(localDate(at, null)).toEqual({ year: 2027, month: 3, day: 10 });
  });
});

describe("the catch-up window", () => {
  it("holds today and the six days before it, across a new year", () => {
    const window = birthdayWindow({ year: 2027, month: 1, day: 3 });
    expect(window.map((day) => day.date)).toEqual([
      { year: 2026, month: 12, day: 28 },
      { year: 2026, month: 12, day: 29 },
      { year: 2026, month: 12, day: 30 },
      { year: 2026, month: 12, day: 31 },
      { year: 2027, month: 1, day: 1 },
      { year: 2027, month: 1, day: 2 },
      { year: 2027, month: 1, day: 3 },
    ]);
  });

  it("pays 29 February birthdays on 28 February of a year without one", () => {
    const feb28 = birthdayWindow({ year: 2027, month: 2, day: 28 }, 1)[0];
    expect(feb28?.birthdays).toEqual([{ month: 2, day: 28 }, { month: 2, day: 29 }]);
    const leap = birthdayWindow({ year: 2028, month: 2, day: 28 }, 1)[0];
    expect(leap?.birthdays).toEqual([{ month: 2, day: 28 }]);
  });
});

describe("who is owed the bonus on a day", () => {
  const given = new Date("2026-06-01T12:00:00Z");
  const day = { year: 2027, month: 3, day: 9 };

  it("a member whose birthday it is, given earlier and not yet paid that year", () => {
    expect(birthdayBonusYear({ birthday: { month: 3, day: 9 }, givenAt: given, paidYear: null }, day, "UTC")).toBe(2027);
    expect(birthdayBonusYear({ birthday: { month: 3, day: 9 }, givenAt: given, paidYear: 2026 }, day, "UTC")).toBe(2027);
  });

  it("not twice in a year, not on another day, and not for a birthday given on the day itself", () => {
    expect(birthdayBonusYear({ birthday: { month: 3, day: 9 }, givenAt: given, paidYear: 2027 }, day, "UTC")).toBeNull();
    expect(birthdayBonusYear({ birthday: { month: 3, day: 10 }, givenAt: given, paidYear: null }, day, "UTC")).toBeNull();
    expect(birthdayBonusYear({ birthday: { month: 3, day: 9 }, givenAt: new Date("2027-03-09T08:00:00Z"), paidYear: null }, day, "UTC")).toBeNull();
  });
});

describe("changing a birthday", () => {
  const givenAt = new Date("2026-06-01T12:00:00Z");

  it("takes the first one, and the same one again at any time", () => {
    expect(birthdayChange({ birthday: null, givenAt: null }, { month: 3, day: 9 }, givenAt)).toEqual({ ok: true, changed: true });
    expect(birthdayChange({ birthday: { month: 3, day: 9 }, givenAt }, { month: 3, day: 9 }, new Date("2026-06-02T00:00:00Z"))).toEqual({ ok: true, changed: false });
  });

  it("refuses another one until a year after it was given", () => {
    const refused = birthdayChange({ birthday: { month: 3, day: 9 }, givenAt }, { month: 3, day: 10 }, new Date("2027-05-31T23:59:59Z"));
    expect(refused).toEqual({ ok: false, error: "birthday_locked", changeableFrom: new Date("2027-06-01T12:00:00Z") });
    expect(birthdayChange({ birthday: { month: 3, day: 9 }, givenAt }, { month: 3, day: 10 }, new Date("2027-06-01T12:00:00Z"))).toEqual({ ok: true, changed: true });
  });

  it("refuses a date that does not exist before anything else", () => {
    expect(birthdayChange({ birthday: null, givenAt: null }, { month: 2, day: 31 }, givenAt)).toEqual({ ok: false, error: "invalid_birthday" });
  });
});
