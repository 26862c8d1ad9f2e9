// The merchant's rules for custom events through the public API (POST /api/v1/members/:id/events) on the built
// app, on each database: an event name with a rule earns the rule's points within its limit (once, or N per
// period) however many calls arrive and however close together; a retried call replays its own transfer; an
// event without a rule still earns the points the caller sends, and must send them
// (docs/decisions/044-actions-that-earn.md).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { apiCall, makeApiKey } from "../support/public-api";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

describe.each(testDatabaseKinds())("custom-event rules on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 6);
    const rules = defaultProgramRules();
    rules.actions.customEvents = [
      { event: "review_posted", points: 50, limit: { kind: "once" }, label: "Review a product you bought" },
      { event: "quiz.completed", points: 20, limit: { kind: "per_period", period: "day", times: 3 } },
    ];
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    key = (await makeApiKey(t.db, SHOP, "read_write", "Reviews app")).key;
  });
  afterAll(() => t?.destroy());

  const member = (n: number) => members[n - 1] as string;
  const send = (n: number, body: unknown, idempotencyKey: string = randomUUID()) => apiCall(app, "POST", `/api/v1/members/${member(n)}/events`, { key, body, idempotencyKey });
  const earned = (n: number, event: string) =>
    t.db.prisma.transfer.findMany({ where: { memberId: member(n), code: "CUSTOM_EVENT", memo: { startsWith: event } }, orderBy: { createdAt: "asc" } });
  async function expectError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  }

  it("a once-only event earns the rule's points once; another call is refused with 422 and writes nothing", async () => {
    const first = await send(1, { event: "review_posted", points: 999, note: "5 stars" }, "review-1");
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body.transfer).toMatchObject({ code: "CUSTOM_EVENT", points: 50, memo: "review_posted: 5 stars" });
    // The same call again replays its transfer.
    const replay = await send(1, { event: "review_posted", points: 999, note: "5 stars" }, "review-1");
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(body);
    await expectError(await send(1, { event: "review_posted", note: "another review" }, "review-2"), 422, "event_limit_reached");
    expect(await earned(1, "review_posted")).toEqual([expect.objectContaining({ points: 50, idempotencyKey: `member:${member(1)}:event:review_posted:ever:1` })]);
    // The refused call freed its key: the same key can be used again, and is refused again while the limit holds.
    await expectError(await send(1, { event: "review_posted", note: "another review" }, "review-2"), 422, "event_limit_reached");
  });

  it("different calls at the same moment earn once for a once-only event", async () => {
    const answers = await Promise.all([1, 2, 3, 4].map((i) => send(2, { event: "review_posted", note: `review ${i}` })));
    expect(answers.map((response) => response.status).sort()).toEqual([201, 422, 422, 422]);
    expect(await earned(2, "review_posted")).toHaveLength(1);
    expect((await t.db.prisma.balance.findUnique({ where: { memberId: member(2) } }))?.lifetimeEarned).toBe(50);
  });

  it("an event limited to 3 a day earns 3 times from 5 calls at once, and each call's retry replays its own transfer", async () => {
    const keys = [1, 2, 3, 4, 5].map((i) => `quiz-${i}-${randomUUID()}`);
    const answers = await Promise.all(keys.map((idempotencyKey) => send(3, { event: "quiz.completed" }, idempotencyKey)));
    const statuses = answers.map((response) => response.status);
    expect([...statuses].sort()).toEqual([201, 201, 201, 422, 422]);
    const rows = await earned(3, "quiz.completed");
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.points)).toEqual([20, 20, 20]);
    expect(rows.map((row) => Number(row.idempotencyKey.split(":").pop())).sort()).toEqual([1, 2, 3]);
    // Retries of the calls that earned answer their own transfer, at the same moment too.
    const winners = keys.filter((_, i) => statuses[i] === 201);
    const first = await Promise.all(answers.filter((response) => response.status === 201).map((response) => response.json()));
    const retried = await Promise.all(winners.map((idempotencyKey) => send(3, { event: "quiz.completed" }, idempotencyKey)));
    const retriedBodies = await Promise.all(retried.map((response) => response.json()));
    expect(retriedBodies.map((body) => body.transfer.id).sort()).toEqual(first.map((body) => body.transfer.id).sort());
    expect(await earned(3, "quiz.completed")).toHaveLength(3);
  });

  it("an event without a rule keeps earning what the caller sends, and must say how much", async () => {
    const response = await send(4, { event: "birthday_party", points: 15 });
    expect(response.status).toBe(201);
    expect((await response.json()).transfer).toMatchObject({ points: 15, memo: "birthday_party" });
    await expectError(await send(4, { event: "birthday_party" }), 422, "points_required");
    expect(await earned(4, "birthday_party")).toHaveLength(1);
  });

  it("describes a labelled rule in the ways to earn", async () => {
    const { programExplainer } = await import("~/shopper/program-explainer");
    const { shopperStrings } = await import("~/shopper/shopper-strings");
    const shop = await t.db.read.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const { parseProgramRules } = await import("~/loyalty/program/program-rules");
    const rules = parseProgramRules(shop.programRules);
    const ways = (locale: "en" | "fr" | "de" | "es") => programExplainer(rules, "USD", shopperStrings(locale, "USD"), new Date()).waysToEarn.filter((way) => way.kind === "event");
    expect(ways("en")).toEqual([{ kind: "event", points: 50, text: "Review a product you bought: 50 points, once" }]);
    expect(ways("fr")[0]?.text).toBe("Review a product you bought : 50 points, une fois");
    expect(ways("de")[0]?.text).toBe("Review a product you bought: 50 Punkte, einmalig");
    expect(ways("es")[0]?.text).toBe("Review a product you bought: 50 puntos, una vez");
  });
});
