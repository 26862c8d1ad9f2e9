// The birthday bonus (docs/program.md, docs/decisions/043-birthday-bonus.md): a member who gave their birthday is
// paid the program's birthday points once a year, on that day in the shop's time zone. The rules here decide which
// dates are valid, when a birthday may be changed, which day it falls on in a given year and who is owed what today;
// grant-birthday-bonus.server.ts pays through the ledger.

/** A birthday without a year: month 1–12, day of the month. */
export interface Birthday {
  month: number;
  day: number;
}

/** A calendar date in the shop's time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * How many days back the daily run looks: today and the six days before. A birthday that passed while the job
 * runner was down (an outage, a deploy gone wrong) is still paid if the runner is back within the week; a week
 * later it is next year's. The key per member and year keeps a birthday seen on several days of the window paid once.
 */
export const BIRTHDAY_CATCH_UP_DAYS = 7;

/** The birthday bonus's ledger key: once per member and year (the year of the day it is celebrated). */
export function birthdayBonusKey(memberId: string, year: number): string {
  return `member:${memberId}:birthday:${year}`;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A birthday a person can have: 29 February is one, 31 April and a 13th month are not. */
export function isValidBirthday(birthday: Birthday): boolean {
  const { month, day } = birthday;
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  // A leap year, so that 29 February is a day someone can be born on.
  return day <= daysInMonth(month, 2000);
}

/**
 * The day a birthday is celebrated in `year`: itself, except 29 February, which is celebrated on 28 February in
 * years without one (it stays in February, and comes before 1 March's members are paid).
 */
export function celebratedOn(birthday: Birthday, year: number): LocalDate {
  if (birthday.month === 2 && birthday.day === 29 && !isLeapYear(year)) return { year, month: 2, day: 28 };
  return { year, month: birthday.month, day: birthday.day };
}

/** The date `at` is in `timeZone` (an IANA name); an unknown zone counts as UTC. */
export function localDate(at: Date, timeZone: string | null): LocalDate {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone: timeZone ?? "UTC", year: "numeric", month: "numeric", day: "numeric" });
  } catch {
    format = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric" });
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** Whether `name` is a time zone this runtime knows (Shopify's `ianaTimezone` always should be). */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const ordinal = (date: LocalDate) => Date.UTC(date.year, date.month - 1, date.day);

export function compareDates(a: LocalDate, b: LocalDate): number {
  return Math.sign(ordinal(a) - ordinal(b));
}

function daysBefore(date: LocalDate, days: number): LocalDate {
  const moved = new Date(ordinal(date) - days * 86_400_000);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** A day of the catch-up window and the birthdays celebrated on it (two on 28 February of a year without a 29th). */
export interface BirthdayDay {
  date: LocalDate;
  birthdays: Birthday[];
}

/** The days whose birthdays are paid today: `today` and the days of the catch-up window before it, oldest first. */
export function birthdayWindow(today: LocalDate, days = BIRTHDAY_CATCH_UP_DAYS): BirthdayDay[] {
  const window: BirthdayDay[] = [];
  for (let back = days - 1; back >= 0; back--) {
    const date = daysBefore(today, back);
    const birthdays: Birthday[] = [{ month: date.month, day: date.day }];
    if (date.month === 2 && date.day === 28 && !isLeapYear(date.year)) birthdays.push({ month: 2, day: 29 });
    window.push({ date, birthdays });
  }
  return window;
}

/** What the birthday run knows of a member whose birthday falls in the window. */
export interface BirthdayMember {
  birthday: Birthday;
  /** When the member gave (or last changed) their birthday. */
  givenAt: Date;
  /** The last year whose birthday bonus was paid, or null. */
  paidYear: number | null;
}

/**
 * The year whose bonus the member is owed on `day`, or null: their birthday is celebrated that day, that year's
 * bonus is not paid, and they gave the birthday on an earlier day than it. A birthday given on the day itself (or
 * changed to a day just past) waits for next year: a shopper cannot type today's date to be paid at once.
 */
export function birthdayBonusYear(member: BirthdayMember, day: LocalDate, timeZone: string | null): number | null {
  const celebrated = celebratedOn(member.birthday, day.year);
  if (compareDates(celebrated, day) !== 0) return null;
  if (member.paidYear !== null && member.paidYear >= day.year) return null;
  if (compareDates(localDate(member.givenAt, timeZone), day) >= 0) return null;
  return day.year;
}

/** The points the birthday bonus pays under the program's rules; 0 when it is off. */
export function birthdayBonusPoints(rules: { birthdayBonus?: number | undefined }): number {
  return Math.max(0, rules.birthdayBonus ?? 0);
}

export type BirthdayChange =
  | { ok: true; changed: boolean }
  | { ok: false; error: "invalid_birthday" }
  | { ok: false; error: "birthday_locked"; changeableFrom: Date };

/** When a birthday given at `givenAt` may next be changed: a year later. */
export function birthdayChangeableFrom(givenAt: Date): Date {
  const next = new Date(givenAt.getTime());
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

/**
 * Whether a member may give `given` now. The first birthday is taken as given; after that it may change once a
 * year, counted from when it was last given, so it cannot be moved from day to day to be paid again. Giving the
 * birthday already held changes nothing and is always accepted.
 */
export function birthdayChange(member: { birthday: Birthday | null; givenAt: Date | null }, given: Birthday, now: Date): BirthdayChange {
  if (!isValidBirthday(given)) return { ok: false, error: "invalid_birthday" };
  const current = member.birthday;
  if (current && current.month === given.month && current.day === given.day) return { ok: true, changed: false };
  if (current && member.givenAt) {
    const changeableFrom = birthdayChangeableFrom(member.givenAt);
    if (now.getTime() < changeableFrom.getTime()) return { ok: false, error: "birthday_locked", changeableFrom };
  }
  return { ok: true, changed: true };
}
