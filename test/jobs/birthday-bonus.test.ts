// The birthday bonus from the job runner, on SQLite and PostgreSQL: members give their birthday through the command
// the shopper endpoints call, the job runner runs at chosen moments (its clock), and the ledger shows what was paid.
// The shop is in Auckland (UTC+13 in January), so "the day" begins there while it is still the day before in UTC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerShop } from "~/admin/shop-profile.server";
import { runDueJobs } from "~/jobs/job-runner.server";
import { giveBirthday } from "~/loyalty/bonuses/give-birthday.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { setProgramRules, upsertShop } from "~/loyalty/program/shop-store.server";
import { setMemberExclusion } from "~/loyalty/exclusion/member-exclusion.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { adminApi } from "../support/admin-api-standin";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "birthday-shop.myshopify.com";
const QUIET_SHOP = "birthday-off.myshopify.com";
const dependencies = { deactivateDiscount: async () => undefined };
/** When every member below gave their birthday, well before the days the job runs. */
const GIVEN = new Date("2029-11-01T12:00:00Z");

describe.each(testDatabaseKinds())("the birthday bonus job on %s", (kind) => {
  let t: TestDatabase;

  async function member(shop: string, customerId: string, birthday: { month: number; day: number } | null, givenAt = GIVEN) {
    const { id } = await upsertMember(t.db.prisma, { shop, customerId, accountState: "enabled" }, "member");
    if (birthday) expect(await giveBirthday(t.db, { shop, customerId, entryTier: "member", birthday, now: givenAt })).toMatchObject({ ok: true });
    return id;
  }

  const bonuses = (memberId: string) =>
    t.db.prisma.transfer.findMany({ where: { memberId, code: "BIRTHDAY_BONUS" }, select: { points: true, status: true, idempotencyKey: true }, orderBy: { idempotencyKey: "asc" } });
  const run = async (at: string, db = t.db) => {
    const result = await runDueJobs(db, new Date(at), dependencies);
    expect(result.failures).toBe(0);
    return result.birthdayBonuses;
  };

  const ids: Record<string, string> = {};
  const id = (name: string) => {
    const found = ids[name];
    if (found === undefined) throw new Error(`no member ${name}`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Birthday shop", currencyCode: "NZD", timeZone: "Pacific/Auckland" });
    await setProgramRules(t.db.prisma, SHOP, { ...defaultProgramRules(), birthdayBonus: 250 });
    await upsertShop(t.db.prisma, { domain: QUIET_SHOP, name: "Quiet shop", currencyCode: "USD", timeZone: "Pacific/Auckland" });
    ids.today = await member(SHOP, "1", { month: 1, day: 20 });
    ids.fiveDaysAgo = await member(SHOP, "2", { month: 1, day: 14 });
    ids.weekAgo = await member(SHOP, "3", { month: 1, day: 12 });
    ids.later = await member(SHOP, "4", { month: 1, day: 25 });
    // Gave the birthday on the day itself (Auckland time): not paid that year.
    ids.sameDay = await member(SHOP, "5", { month: 1, day: 20 }, new Date("2030-01-19T12:00:00Z"));
    ids.leapling = await member(SHOP, "6", { month: 2, day: 29 });
    ids.none = await member(SHOP, "7", null);
    ids.quiet = await member(QUIET_SHOP, "1", { month: 1, day: 20 });
  });
  afterAll(() => t.destroy());

  it("pays on the day in the shop's time zone, not before, with a week's catch-up for days the job did not run", async () => {
    // 23:00 on 19 January in Auckland: the window is 13–19 January.
    await run("2030-01-19T10:00:00Z");
    expect(await bonuses(id("today"))).toEqual([]);
    expect(await bonuses(id("fiveDaysAgo"))).toEqual([{ points: 250, status: "posted", idempotencyKey: `member:${ids.fiveDaysAgo}:birthday:2030` }]);
    expect(await bonuses(id("weekAgo"))).toEqual([]);

    // 00:30 on 20 January in Auckland, still 19 January in UTC.
    expect(await run("2030-01-19T11:30:00Z")).toBe(1);
    expect(await bonuses(id("today"))).toEqual([{ points: 250, status: "posted", idempotencyKey: `member:${ids.today}:birthday:2030` }]);
    expect(await bonuses(id("sameDay"))).toEqual([]);
    expect(await bonuses(id("later"))).toEqual([]);
    expect(await bonuses(id("none"))).toEqual([]);
    // The birthday bonus is off by default: the other shop pays nothing.
    expect(await bonuses(id("quiet"))).toEqual([]);
  });

  it("pays once per member and year under re-runs and overlapping runners", async () => {
    expect(await run("2030-01-19T11:31:00Z")).toBe(0);
    const other = t.open();
    // A member whose birthday comes up while two runners are at work.
    const paid = await Promise.all([run("2030-01-25T01:00:00Z"), run("2030-01-25T01:00:00Z", other), run("2030-01-25T01:00:01Z")]);
    expect(paid.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(await bonuses(id("later"))).toHaveLength(1);
    // Every day of the week after, the window still holds these birthdays: none is paid again.
    for (const day of ["2030-01-21", "2030-01-22", "2030-01-26", "2030-01-31"]) await run(`${day}T02:00:00Z`);
    for (const name of ["today", "fiveDaysAgo", "later"]) expect(await bonuses(id(name))).toHaveLength(1);
    expect(await bonuses(id("weekAgo"))).toEqual([]);
    expect(await bonuses(id("sameDay"))).toEqual([]);
  });

  it("pays 29 February birthdays on 28 February in a year without one", async () => {
    await run("2030-02-27T10:00:00Z");
    expect(await bonuses(id("leapling"))).toEqual([]);
    await run("2030-02-28T01:00:00Z");
    expect(await bonuses(id("leapling"))).toEqual([{ points: 250, status: "posted", idempotencyKey: `member:${ids.leapling}:birthday:2030` }]);
    await run("2030-03-01T01:00:00Z");
    expect(await bonuses(id("leapling"))).toHaveLength(1);
  });

  it("pays again the next year, including the member who gave it on the day", async () => {
    await run("2031-01-20T01:00:00Z");
    expect((await bonuses(id("today"))).map((bonus) => bonus.idempotencyKey)).toEqual([`member:${ids.today}:birthday:2030`, `member:${ids.today}:birthday:2031`]);
    expect(await bonuses(id("sameDay"))).toEqual([{ points: 250, status: "posted", idempotencyKey: `member:${ids.sameDay}:birthday:2031` }]);
    const balance = await t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: id("today") } });
    expect(balance.available).toBe(500);
  });
});

describe.each(testDatabaseKinds())("the birthday bonus for members out of the program on %s", (kind) => {
  let t: TestDatabase;
  const OUT_SHOP = "birthday-out.myshopify.com";
  const STAFF = { id: "staff-1", name: "Test staff" };

  const member = async (customerId: string) => {
    const { id } = await upsertMember(t.db.prisma, { shop: OUT_SHOP, customerId, accountState: "enabled" }, "member");
    expect(await giveBirthday(t.db, { shop: OUT_SHOP, customerId, entryTier: "member", birthday: { month: 3, day: 10 }, now: GIVEN })).toMatchObject({ ok: true });
    return id;
  };
  const paid = async (memberId: string) => t.db.prisma.transfer.count({ where: { memberId, code: "BIRTHDAY_BONUS" } });
  const run = async (at: string) => expect((await runDueJobs(t.db, new Date(at), dependencies)).failures).toBe(0);
  const rules = async () => parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: OUT_SHOP } })).programRules);
  const pause = async (at: string, paused: boolean) =>
    expect(await saveProgramRules(t.db, { shop: OUT_SHOP, staff: STAFF, now: new Date(at), rules: { ...(await rules()), paused: paused || undefined } })).toMatchObject({ status: "saved" });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: OUT_SHOP, name: "Out shop", currencyCode: "USD", timeZone: "UTC" });
    await setProgramRules(t.db.prisma, OUT_SHOP, { ...defaultProgramRules(), birthdayBonus: 100 });
  });
  afterAll(() => t.destroy());

  it("pays no one while paused and no excluded member; the week of catch-up pays those back in within it", async () => {
    const inside = await member("1");
    const excluded = await member("2");
    const away = await member("3");
    for (const memberId of [excluded, away]) {
      expect(await setMemberExclusion(t.db, { shop: OUT_SHOP, memberId, staff: STAFF, reason: "Staff account", now: new Date("2030-03-01T00:00:00Z"), excluded: true })).toMatchObject({ ok: true });
    }
    await pause("2030-03-09T00:00:00Z", true);
    await run("2030-03-10T09:00:00Z");
    for (const memberId of [inside, excluded, away]) expect(await paid(memberId)).toBe(0);

    // Resumed two days later: the birthday is within the week, so the member in is paid; the excluded are not.
    await pause("2030-03-12T00:00:00Z", false);
    await run("2030-03-12T09:00:00Z");
    expect(await paid(inside)).toBe(1);
    expect(await paid(excluded)).toBe(0);
    expect(await paid(away)).toBe(0);

    // Brought back in within the week: paid; still out past it: not this year.
    expect(await setMemberExclusion(t.db, { shop: OUT_SHOP, memberId: away, staff: STAFF, reason: "Back", now: new Date("2030-03-13T00:00:00Z"), excluded: false })).toMatchObject({ ok: true });
    await run("2030-03-13T09:00:00Z");
    await run("2030-03-20T09:00:00Z");
    expect(await paid(away)).toBe(1);
    expect(await paid(excluded)).toBe(0);
    expect(await paid(inside)).toBe(1);
  });
});

describe.each(testDatabaseKinds())("the shop's time zone on %s", (kind) => {
  let t: TestDatabase;
  const INSTALLED = "birthday-install.myshopify.com";

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await storeOfflineSession(t.db, INSTALLED);
  });
  afterAll(() => t.destroy());

  const timeZone = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: INSTALLED } })).timeZone;

  it("is read from Shopify's shop profile on install; a zone the runtime does not know is not stored", async () => {
    adminApi.store.setShop(INSTALLED, { query: { shop: { name: "Kiwi shop", currencyCode: "NZD", ianaTimezone: "Middle/Earth" } } });
    await registerShop(t.db.prisma, await offlineAdmin(t.db, INSTALLED), INSTALLED);
    expect(await timeZone()).toBeNull();
    adminApi.store.setShop(INSTALLED, { query: { shop: { name: "Kiwi shop", currencyCode: "NZD", ianaTimezone: "Pacific/Auckland" } } });
    await registerShop(t.db.prisma, await offlineAdmin(t.db, INSTALLED), INSTALLED);
    expect(await timeZone()).toBe("Pacific/Auckland");
    adminApi.store.setShop(INSTALLED, { query: { shop: { name: "Kiwi shop", currencyCode: "NZD", ianaTimezone: "Middle/Earth" } } });
    await registerShop(t.db.prisma, await offlineAdmin(t.db, INSTALLED), INSTALLED);
    // A re-install answering a zone this runtime does not know keeps the one known.
    expect(await timeZone()).toBe("Pacific/Auckland");
  });
});
