// Custom events through the public API (POST /api/v1/members/:id/events) for a member out of the program
// (docs/decisions/051-a-paused-program-loses-nothing.md): excluded by staff or by a customer tag, or the program
// paused, the event earns nothing, the answer is 422 with the reason (as redemptions answer), and nothing is written;
// a retry of a call that earned before still answers its transfer. A rule's "a day" is the shop's day, in its time
// zone. On the built app with a real API key, on both databases.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMemberExclusion } from "~/loyalty/exclusion/member-exclusion.server";
import { defaultProgramRules, parseProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { apiCall, makeApiKey } from "../support/public-api";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const STAFF = { id: "staff-1", name: "Test staff" };

/** The date `at` is on in `zone`, as YYYY-MM-DD. */
const dateIn = (at: Date, zone: string) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

describe.each(testDatabaseKinds())("custom events for members out of the program on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 4);
    const rules = defaultProgramRules();
    rules.exclusions.customerTags = ["wholesale"];
    rules.actions.customEvents = [{ event: "quiz.completed", points: 20, limit: { kind: "per_period", period: "day", times: 1 } }];
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });
    // Member 2 carries the excluded tag, in the form customers/update stores it (app/loyalty/exclusion/customer-tags.ts).
    await t.db.prisma.member.update({ where: { id: members[1] }, data: { tags: "vip, wholesale" } });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    key = (await makeApiKey(t.db, SHOP, "read_write", "Reviews app")).key;
  });
  afterAll(() => t?.destroy());

  const member = (n: number) => members[n - 1] as string;
  const send = (n: number, body: unknown, idempotencyKey: string = randomUUID()) => apiCall(app, "POST", `/api/v1/members/${member(n)}/events`, { key, body, idempotencyKey });
  const events = (n: number) => t.db.prisma.transfer.findMany({ where: { memberId: member(n), code: "CUSTOM_EVENT" } });
  const balance = async (n: number) => (await t.db.prisma.balance.findUnique({ where: { memberId: member(n) } }))?.posted ?? 0;
  const rules = async () => parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
  async function expectRefused(response: Response, code: string, words: string) {
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code, message: expect.stringContaining(words) } });
  }

  it("refuses an event for a member excluded by tag or by staff with 422 not_in_program, and writes nothing", async () => {
    await expectRefused(await send(2, { event: "review_posted", points: 30 }), "not_in_program", "excluded from the program");
    await expectRefused(await send(2, { event: "quiz.completed" }), "not_in_program", "nothing was recorded");

    // Member 3 earned before staff excluded them: a retry of that call answers its transfer; a new event earns nothing.
    const earned = await send(3, { event: "review_posted", points: 30 }, "review-3");
    expect(earned.status).toBe(201);
    const body = await earned.json();
    await setMemberExclusion(t.db, { shop: SHOP, memberId: member(3), staff: STAFF, reason: "Staff account", now: new Date(), excluded: true });
    const retried = await send(3, { event: "review_posted", points: 30 }, "review-3");
    expect(retried.status).toBe(201);
    expect(await retried.json()).toEqual(body);
    await expectRefused(await send(3, { event: "review_posted", points: 30 }, "review-3b"), "not_in_program", "Their points are kept");
    await expectRefused(await send(3, { event: "quiz.completed" }), "not_in_program", "excluded");

    expect(await events(2)).toEqual([]);
    expect(await balance(2)).toBe(0);
    expect((await events(3)).map((row) => row.points)).toEqual([30]);
    expect(await balance(3)).toBe(30);
  });

  it("refuses every event while the program is paused with 422 program_paused, and earns again once it resumes", async () => {
    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(Date.now() - 60_000), rules: { ...(await rules()), paused: true } });
    await expectRefused(await send(1, { event: "review_posted", points: 30 }), "program_paused", "paused");
    await expectRefused(await send(1, { event: "quiz.completed" }), "program_paused", "Nothing was recorded");
    expect(await events(1)).toEqual([]);

    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(), rules: { ...(await rules()), paused: undefined } });
    expect((await send(1, { event: "quiz.completed" })).status).toBe(201);
    expect(await balance(1)).toBe(20);
  });

  it("counts a rule's day on the shop's calendar, not UTC's", async () => {
    const now = new Date();
    // A zone whose date differs from UTC's right now: 14 hours ahead from 10:00 UTC, 11 hours behind before 11:00.
    const zone = now.getUTCHours() >= 10 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { timeZone: zone } });
    try {
      const response = await send(4, { event: "quiz.completed" });
      expect(response.status).toBe(201);
      const [row] = await events(4);
      const local = dateIn(now, zone);
      expect(local).not.toBe(dateIn(now, "UTC"));
      expect(row?.idempotencyKey).toBe(`member:${member(4)}:event:quiz.completed:${local}:1`);
      const again = await send(4, { event: "quiz.completed" });
      expect(again.status).toBe(422);
      expect((await again.json()).error.message).toContain(`1 time a day (${zone})`);
    } finally {
      await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { timeZone: null } });
    }
  });
});
