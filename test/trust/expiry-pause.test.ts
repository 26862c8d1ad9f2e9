// A paused program loses nothing (docs/decisions/051-a-paused-program-loses-nothing.md): no points expire while the
// program is paused, the pause's time does not count towards the quiet months, and what members are told ("N points
// expire on …" in the shopper API, the points-expiring email, the points.expiring event) follows the same clock.
// Through signed orders/paid webhooks, the program's save command, the real job runner on a clock that crosses the
// pause, and the shopper API, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { LATE_PURCHASE_GRACE_MS } from "~/loyalty/expiry/expiry-window";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "pause-expiry.myshopify.com";
const STAFF = { id: "staff-1", name: "Test staff" };
const DAY = 86_400_000;

function monthsFrom(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

describe.each(testDatabaseKinds())("expiry across a pause on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  const jobs = (at: Date) => runDueJobs(t.db, at, { deactivateDiscount: async () => {} });
  const rules = async () => parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
  const save = async (now: Date, paused: boolean) =>
    expect(await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now, rules: { ...(await rules()), paused: paused || undefined } })).toMatchObject({ status: "saved" });
  const summary = async (customer: number) =>
    (await h.app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: String(customer) })))).json();
  const memberOf = async (customer: number) => t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customer) } } });
  const expiries = async (customer: number) => t.db.prisma.transfer.findMany({ where: { code: "EXPIRY", memberId: (await memberOf(customer)).id } });
  const reminders = async (customer: number) =>
    (await t.db.prisma.memberEmail.findMany({ where: { shop: SHOP, kind: "points_expiring", memberId: (await memberOf(customer)).id } })).map((row) => JSON.parse(row.data) as { expiresAt: string });
  const expiringEvents = async (customer: number) =>
    (await t.db.prisma.loyaltyEvent.findMany({ where: { shop: SHOP, type: "points.expiring", memberId: (await memberOf(customer)).id } })).map((row) => row.payload ?? "");

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
    const running = await rules();
    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(), rules: { ...running, expiry: { ...running.expiry, enabled: true, monthsWithoutPurchase: 12 } } });
  });
  afterAll(() => t?.destroy());

  it("expires nothing during a pause, and after the resume expires at the date moved by the pause, as members were told", async () => {
    const now = new Date();
    // Paid 12 months and 50 days ago: without a pause the points would have expired about 47 days ago.
    const paidAt = new Date(monthsFrom(now, -12).getTime() - 50 * DAY);
    const unpausedDue = new Date(monthsFrom(paidAt, 12).getTime() + LATE_PURCHASE_GRACE_MS);
    expect((await h.send(SHOP, "orders/paid", orderPayload({ id: 5101, customer: { id: 51 }, subtotal: "100.00", processedAt: paidAt.toISOString() }))).status).toBe(200);
    await h.work();
    expect(await h.balances(SHOP, 51)).toMatchObject({ available: 100 });

    // The merchant paused 100 days ago, before the points were due.
    const pausedAt = new Date(now.getTime() - 100 * DAY);
    await save(pausedAt, true);

    // While paused: no reminder in the days before the date the points would have expired, and nothing expires on it.
    await jobs(new Date(unpausedDue.getTime() - 5 * DAY));
    await jobs(new Date(unpausedDue.getTime() + DAY));
    expect(await h.balances(SHOP, 51)).toMatchObject({ available: 100 });
    expect(await expiries(51)).toEqual([]);
    expect(await reminders(51)).toEqual([]);
    expect(await expiringEvents(51)).toEqual([]);
    const paused = await summary(51);
    expect(paused).toMatchObject({ standing: "paused", expiry: null, balance: { available: 100 } });

    // Resumed 10 days ago: the 90 days of the pause move the date, so resuming expires no one at once.
    const resumedAt = new Date(now.getTime() - 10 * DAY);
    await save(resumedAt, false);
    const shiftedDue = new Date(unpausedDue.getTime() + 90 * DAY);
    expect(shiftedDue.getTime()).toBeGreaterThan(now.getTime());
    await jobs(resumedAt);
    await jobs(now);
    expect(await h.balances(SHOP, 51)).toMatchObject({ available: 100 });
    expect(await summary(51)).toMatchObject({ standing: "in", expiry: { points: 100, expiresAt: shiftedDue.toISOString() } });

    // Told ahead of the moved date, by email and by event, with that date.
    await jobs(new Date(shiftedDue.getTime() - 5 * DAY));
    expect(await reminders(51)).toEqual([expect.objectContaining({ expiresAt: shiftedDue.toISOString() })]);
    const announced = await expiringEvents(51);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain(`"expiresAt":"${shiftedDue.toISOString()}"`);

    await jobs(new Date(shiftedDue.getTime() - 1000));
    expect(await h.balances(SHOP, 51)).toMatchObject({ available: 100 });
    await jobs(shiftedDue);
    expect(await h.balances(SHOP, 51)).toMatchObject({ available: 0 });
    expect((await expiries(51)).map((row) => row.points)).toEqual([-100]);
  });
});
