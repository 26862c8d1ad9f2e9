// The birthday run (a job of app/jobs/job-runner.server.ts): for every installed shop whose program pays a birthday
// bonus, the members whose birthday is today or one of the days of the catch-up window before it, in the shop's time
// zone, are paid once for that year through the ledger. The ledger key (member and year) makes a re-run, an
// overlapping runner or a birthday seen on several days of the window pay once; the member's paid year only spares
// the ledger the question next time. No one is paid while the program is paused, nor a member out of it (excluded
// by staff or a tag): the week of catch-up pays a birthday whose member is back in within it
// (docs/decisions/051-a-paused-program-loses-nothing.md).
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { markBirthdayBonusPaid } from "~/loyalty/members/member-store.server";
import { parseProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { pausedAt } from "~/loyalty/program/program-pause";
import { memberExcluded } from "~/loyalty/exclusion/member-standing";
import { birthdayBonusKey, birthdayBonusPoints, birthdayBonusYear, birthdayWindow, localDate, type BirthdayMember } from "./birthday-bonus";

/** Pays every birthday bonus due now in every installed shop; returns how many were paid. */
export async function payBirthdayBonuses(db: TallyDatabase, now: Date, report: ReportJobFailure): Promise<number> {
  const shops = await db.read.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true, programRules: true, timeZone: true } });
  let paid = 0;
  for (const shop of shops) {
    try {
      const rules = parseProgramRules(shop.programRules);
      const points = birthdayBonusPoints(rules);
      if (points > 0 && !pausedAt(rules, now)) paid += await payShopBirthdays(db, shop.domain, shop.timeZone, points, rules, now);
    } catch (error) {
      report({ job: "birthday bonus", shop: shop.domain }, error);
    }
  }
  return paid;
}

async function payShopBirthdays(db: TallyDatabase, shop: string, timeZone: string | null, points: number, rules: ProgramRules, now: Date): Promise<number> {
  const today = localDate(now, timeZone);
  const window = birthdayWindow(today);
  const candidates = await db.read.member.findMany({
    where: {
      shop,
      redactedAt: null,
      birthdayGivenAt: { not: null },
      AND: [
        { OR: window.flatMap((day) => day.birthdays.map((birthday) => ({ birthMonth: birthday.month, birthDay: birthday.day }))) },
        // Paid this year already: nothing more before next year (the window's days of last year are checked below).
        { OR: [{ birthdayPaidYear: null }, { birthdayPaidYear: { lt: today.year } }] },
      ],
    },
    select: { id: true, birthMonth: true, birthDay: true, birthdayGivenAt: true, birthdayPaidYear: true, tags: true, excludedAt: true },
  });
  let paid = 0;
  for (const row of candidates) {
    if (row.birthMonth === null || row.birthDay === null || row.birthdayGivenAt === null) continue;
    if (memberExcluded(row, rules)) continue;
    const member: BirthdayMember = { birthday: { month: row.birthMonth, day: row.birthDay }, givenAt: row.birthdayGivenAt, paidYear: row.birthdayPaidYear };
    const year = window.map((day) => birthdayBonusYear(member, day.date, timeZone)).find((owed) => owed !== null);
    if (year === undefined || year === null) continue;
    if (await grantBirthdayBonus(db, shop, row.id, year, points)) paid += 1;
  }
  return paid;
}

/** One member's bonus for `year`; true when this call paid it (false when it was paid before). */
export async function grantBirthdayBonus(db: TallyDatabase, shop: string, memberId: string, year: number, points: number): Promise<boolean> {
  const outcome = await db.ledger.recordTransfer({
    shop,
    memberId,
    code: "BIRTHDAY_BONUS",
    points,
    status: "posted",
    idempotencyKey: birthdayBonusKey(memberId, year),
  });
  // A conflict means that year's bonus was paid before, under an earlier amount: once a year is once.
  if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`birthday bonus: ${outcome.message}`);
  await markBirthdayBonusPaid(db.prisma, memberId, year);
  return outcome.ok && !outcome.replayed;
}
