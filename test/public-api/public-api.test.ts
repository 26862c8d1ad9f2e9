// The public API (/api/v1) through the built app, on each database: keys and scopes, shops kept apart, members,
// balances and history, adjustments and custom events (idempotent, sequentially and at once), rewards and their
// redemption through the checkout's command, the call log, and errors as { error: { code, message } }.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { apiCall, makeApiKey } from "../support/public-api";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const OTHER_SHOP = "public-api-other.myshopify.com";

describe.each(testDatabaseKinds())("the public API on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let otherMembers: string[];
  let readKey: string;
  let writeKey: string;
  let writeKeyId: string;
  let otherShopKey: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 8);
    otherMembers = await seedMembers(t.db, 2, OTHER_SHOP);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    readKey = (await makeApiKey(t.db, SHOP, "read")).key;
    const write = await makeApiKey(t.db, SHOP, "read_write", "Reviews app");
    writeKey = write.key;
    writeKeyId = write.id;
    otherShopKey = (await makeApiKey(t.db, OTHER_SHOP, "read_write")).key;
  });
  afterAll(() => t?.destroy());
  beforeEach(() => adminApi.store.reset());

  const member = (n: number) => members[n - 1] as string;
  const transfers = (memberId: string) => t.db.prisma.transfer.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
  const balance = (memberId: string) => t.db.prisma.balance.findUnique({ where: { memberId } });
  async function give(n: number, points: number) {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member(n), code: "ADJUSTMENT", points, status: "posted", idempotencyKey: `test:give:${n}:${points}:${randomUUID()}` });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  async function expectError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    const body = await response.json();
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    expect(body.error.message.length).toBeGreaterThan(10);
    return body;
  }

  describe("keys", () => {
    it("answers 401 for a missing, malformed, unknown or revoked key, and reads nothing", async () => {
      await expectError(await apiCall(app, "GET", "/api/v1/members"), 401, "missing_api_key");
      await expectError(await apiCall(app, "GET", "/api/v1/members", { key: "not-a-key" }), 401, "invalid_api_key");
      const forged = readKey.slice(0, -4) + (readKey.endsWith("AAAA") ? "BBBB" : "AAAA");
      await expectError(await apiCall(app, "GET", "/api/v1/members", { key: forged }), 401, "invalid_api_key");
      const unknown = `tally_${"0".repeat(16)}_${"A".repeat(43)}`;
      await expectError(await apiCall(app, "GET", "/api/v1/members", { key: unknown }), 401, "invalid_api_key");
      const response = await apiCall(app, "GET", "/api/v1/members", { headers: { Authorization: "Basic abc" } });
      await expectError(response, 401, "invalid_api_key");
    });

    it("lets a read key read and refuses it every write with 403, writing nothing", async () => {
      expect((await apiCall(app, "GET", `/api/v1/members/${member(1)}`, { key: readKey })).status).toBe(200);
      const writes: [string, unknown][] = [
        [`/api/v1/members/${member(1)}/adjustments`, { points: 10, reason: "Thanks" }],
        [`/api/v1/members/${member(1)}/events`, { event: "review_posted", points: 10 }],
        [`/api/v1/members/${member(1)}/redemptions`, { rewardId: "amount-off-500" }],
      ];
      for (const [path, body] of writes) {
        await expectError(await apiCall(app, "POST", path, { key: readKey, body, idempotencyKey: randomUUID() }), 403, "insufficient_scope");
      }
      expect(await transfers(member(1))).toEqual([]);
      expect(await t.db.prisma.apiIdempotencyKey.count()).toBe(0);
    });

    it("never reaches another shop's members: 404, as for a member that does not exist", async () => {
      const theirs = otherMembers[0] as string;
      await expectError(await apiCall(app, "GET", `/api/v1/members/${theirs}`, { key: writeKey }), 404, "member_not_found");
      await expectError(await apiCall(app, "GET", `/api/v1/members/${theirs}/transfers`, { key: writeKey }), 404, "member_not_found");
      await expectError(await apiCall(app, "POST", `/api/v1/members/${theirs}/adjustments`, { key: writeKey, body: { points: 5, reason: "x" }, idempotencyKey: randomUUID() }), 404, "member_not_found");
      await expectError(await apiCall(app, "POST", `/api/v1/members/${theirs}/events`, { key: writeKey, body: { event: "quiz", points: 5 }, idempotencyKey: randomUUID() }), 404, "member_not_found");
      await expectError(await apiCall(app, "POST", `/api/v1/members/${theirs}/redemptions`, { key: writeKey, body: { rewardId: "amount-off-500" }, idempotencyKey: randomUUID() }), 404, "member_not_found");
      await expectError(await apiCall(app, "GET", `/api/v1/members/no-such-member`, { key: writeKey }), 404, "member_not_found");
      expect(await transfers(theirs)).toEqual([]);

      // Searching by the other shop's customer finds nothing; its own key sees its own member.
      const search = await (await apiCall(app, "GET", `/api/v1/members?email=shopper1%40example.com`, { key: otherShopKey })).json();
      expect(search.data.map((m: { id: string }) => m.id)).toEqual([theirs]);
      const mine = await (await apiCall(app, "GET", `/api/v1/members?email=shopper1%40example.com`, { key: readKey })).json();
      expect(mine.data.map((m: { id: string }) => m.id)).toEqual([member(1)]);
    });
  });

  describe("members", () => {
    it("reads a member with balances and tier", async () => {
      await give(2, 340);
      const response = await apiCall(app, "GET", `/api/v1/members/${member(2)}`, { key: readKey });
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(await response.json()).toEqual({
        member: {
          id: member(2),
          customerId: "2",
          email: "shopper2@example.com",
          firstName: "Shopper",
          lastName: "2",
          tier: expect.any(String),
          referralCode: expect.any(String),
          createdAt: expect.stringMatching(/Z$/),
          balances: { available: 340, posted: 340, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 340 },
        },
      });
    });

    it("finds a member by email (any case) or by Shopify customer id", async () => {
      const byEmail = await (await apiCall(app, "GET", "/api/v1/members?email=SHOPPER3%40example.com", { key: readKey })).json();
      expect(byEmail).toEqual({ data: [expect.objectContaining({ id: member(3), customerId: "3" })], nextCursor: null });
      const byCustomer = await (await apiCall(app, "GET", "/api/v1/members?customerId=4", { key: readKey })).json();
      expect(byCustomer.data.map((m: { id: string }) => m.id)).toEqual([member(4)]);
      const none = await (await apiCall(app, "GET", "/api/v1/members?customerId=999", { key: readKey })).json();
      expect(none).toEqual({ data: [], nextCursor: null });
    });

    it("lists every member once, a page at a time, with a cursor", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
        const page = await (await apiCall(app, "GET", `/api/v1/members${query}`, { key: readKey })).json();
        expect(page.data.length).toBeLessThanOrEqual(3);
        seen.push(...page.data.map((m: { id: string }) => m.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect([...seen].sort()).toEqual([...members].sort());
    });

    it("answers bad queries with 400 naming the parameter", async () => {
      for (const query of ["?limit=0", "?limit=101", "?limit=ten", "?customerId=abc", "?cursor=nonsense", "?sort=name", "?limit=1&limit=2"]) {
        const body = await expectError(await apiCall(app, "GET", `/api/v1/members${query}`, { key: readKey }), 400, "invalid_request");
        expect(body.error.message).toMatch(/query\./);
      }
    });

    it("pages a member's history newest first", async () => {
      for (const points of [10, 20, 30, 40, 50]) await give(5, points);
      // Newest first; transfers of the same millisecond in id order, as the cursor pages them.
      const expected = (await t.db.prisma.transfer.findMany({ where: { memberId: member(5) }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).map((row) => row.id);
      const first = await (await apiCall(app, "GET", `/api/v1/members/${member(5)}/transfers?limit=2`, { key: readKey })).json();
      expect(first.data).toHaveLength(2);
      expect(first.data[0]).toEqual({ id: expected[0], code: "ADJUSTMENT", points: expect.any(Number), status: "posted", memo: null, orderId: null, createdAt: expect.any(String) });
      const second = await (await apiCall(app, "GET", `/api/v1/members/${member(5)}/transfers?limit=2&cursor=${first.nextCursor}`, { key: readKey })).json();
      const third = await (await apiCall(app, "GET", `/api/v1/members/${member(5)}/transfers?limit=2&cursor=${second.nextCursor}`, { key: readKey })).json();
      expect(third.nextCursor).toBeNull();
      expect([...first.data, ...second.data, ...third.data].map((row: { id: string }) => row.id)).toEqual(expected);
      expect(expected).toHaveLength(5);
    });
  });

  describe("adjustments", () => {
    const adjust = (n: number, body: unknown, idempotencyKey?: string, key = writeKey) => apiCall(app, "POST", `/api/v1/members/${member(n)}/adjustments`, { key, body, idempotencyKey });

    it("adds points with a reason, audited under the key's name; the same key and body answer the same, once", async () => {
      const idempotencyKey = randomUUID();
      const first = await adjust(6, { points: 250, reason: "Sorry for the late parcel" }, idempotencyKey);
      expect(first.status).toBe(201);
      const body = await first.json();
      expect(body).toEqual({ transfer: { id: expect.any(String), code: "ADJUSTMENT", points: 250, status: "posted", memo: "Sorry for the late parcel", orderId: null, createdAt: expect.any(String) } });

      const again = await adjust(6, { reason: "Sorry for the late parcel", points: 250 }, idempotencyKey);
      expect(again.status).toBe(201);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect(await again.json()).toEqual(body);

      const rows = await transfers(member(6));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ code: "ADJUSTMENT", points: 250, actor: "API key “Reviews app”" });
      expect((await balance(member(6)))?.available).toBe(250);
      const audit = await listAuditEvents(t.db.prisma, SHOP, { action: "member.adjusted", subjectId: member(6), limit: 10 });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: `api-key:${writeKeyId}`, actorName: "API key “Reviews app”", details: { points: 250, reason: "Sorry for the late parcel" } });
    });

    it("writes once when the same request arrives several times at once", async () => {
      const idempotencyKey = randomUUID();
      const responses = await Promise.all([1, 2, 3, 4].map(() => adjust(7, { points: 75, reason: "Concurrent" }, idempotencyKey)));
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
      const ids = new Set(await Promise.all(responses.map(async (response) => (await response.json()).transfer.id)));
      expect(ids.size).toBe(1);
      expect(await transfers(member(7))).toHaveLength(1);
      expect((await balance(member(7)))?.available).toBe(75);
    });

    it("refuses the same key with another body, another member or another endpoint with 409", async () => {
      const idempotencyKey = randomUUID();
      expect((await adjust(8, { points: 30, reason: "First" }, idempotencyKey)).status).toBe(201);
      await expectError(await adjust(8, { points: 31, reason: "First" }, idempotencyKey), 409, "idempotency_key_reused");
      await expectError(await adjust(1, { points: 30, reason: "First" }, idempotencyKey), 409, "idempotency_key_reused");
      await expectError(await apiCall(app, "POST", `/api/v1/members/${member(8)}/events`, { key: writeKey, body: { event: "quiz", points: 30 }, idempotencyKey }), 409, "idempotency_key_reused");
      expect(await transfers(member(8))).toHaveLength(1);
      expect(await transfers(member(1))).toHaveLength(0);
    });

    it("refuses taking away more than is available with 422, writing nothing, and the key may be used again", async () => {
      await give(3, 100);
      const idempotencyKey = randomUUID();
      const refused = await expectError(await adjust(3, { points: -150, reason: "Correction" }, idempotencyKey), 422, "insufficient_points");
      expect(refused.error.message).toContain("100 available");
      expect(await transfers(member(3))).toHaveLength(1);
      expect(await t.db.prisma.apiIdempotencyKey.count({ where: { key: idempotencyKey } })).toBe(0);
      await give(3, 100);
      expect((await adjust(3, { points: -150, reason: "Correction" }, idempotencyKey)).status).toBe(201);
      expect((await balance(member(3)))?.available).toBe(50);
    });

    it("answers bad input with 400 and writes nothing", async () => {
      const before = await t.db.prisma.transfer.count();
      const cases: [unknown, string | undefined, string][] = [
        [{ points: 10, reason: "ok" }, undefined, "missing_idempotency_key"],
        [{ points: 10, reason: "ok" }, "has space", "invalid_request"],
        [{ points: 10, reason: "ok" }, "x".repeat(101), "invalid_request"],
        [{ points: 0, reason: "ok" }, randomUUID(), "invalid_request"],
        [{ points: 1.5, reason: "ok" }, randomUUID(), "invalid_request"],
        [{ points: "10", reason: "ok" }, randomUUID(), "invalid_request"],
        [{ points: 10 }, randomUUID(), "invalid_request"],
        [{ points: 10, reason: "  " }, randomUUID(), "invalid_request"],
        [{ points: 10, reason: "ok", extra: true }, randomUUID(), "invalid_request"],
        [{ points: 2_000_000, reason: "ok" }, randomUUID(), "invalid_request"],
        ["{not json", randomUUID(), "invalid_request"],
      ];
      for (const [body, key, code] of cases) {
        const response = await adjust(4, body, key);
        const error = await expectError(response, 400, code);
        if (code === "invalid_request" && typeof body === "object") expect(error.error.message, JSON.stringify(body)).toMatch(/body|Idempotency-Key/);
      }
      expect(await t.db.prisma.transfer.count()).toBe(before);
      expect(await t.db.prisma.apiIdempotencyKey.count({ where: { key: { not: { contains: "-" } } } })).toBe(0);
    });
  });

  describe("custom events", () => {
    const event = (n: number, body: unknown, idempotencyKey: string) => apiCall(app, "POST", `/api/v1/members/${member(n)}/events`, { key: writeKey, body, idempotencyKey });

    it("earns a CUSTOM_EVENT transfer with the event's name and note, once per key", async () => {
      const idempotencyKey = `review-${randomUUID()}`;
      const first = await event(2, { event: "review_posted", points: 40, note: "5 stars on the blue mug" }, idempotencyKey);
      expect(first.status).toBe(201);
      const body = await first.json();
      expect(body.transfer).toMatchObject({ code: "CUSTOM_EVENT", points: 40, status: "posted", memo: "review_posted: 5 stars on the blue mug" });
      const concurrent = await Promise.all([1, 2, 3].map(() => event(2, { event: "review_posted", points: 40, note: "5 stars on the blue mug" }, idempotencyKey)));
      for (const response of concurrent) expect(await response.json()).toEqual(body);
      const rows = (await transfers(member(2))).filter((row) => row.code === "CUSTOM_EVENT");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ idempotencyKey: `custom-event:${idempotencyKey}`, actor: "API key “Reviews app”" });
      expect((await balance(member(2)))?.lifetimeEarned).toBe(340 + 40);
    });

    it("refuses names, points and notes outside the rules with 400", async () => {
      for (const body of [{ event: "Review Posted", points: 10 }, { event: "quiz", points: 0 }, { event: "quiz", points: -5 }, { event: "quiz", points: 100_001 }, { event: "quiz", points: 5, note: "x".repeat(501) }, { points: 5 }]) {
        await expectError(await event(2, body, randomUUID()), 400, "invalid_request");
      }
    });
  });

  describe("rewards", () => {
    it("lists the shop's catalogue", async () => {
      const response = await apiCall(app, "GET", "/api/v1/rewards", { key: readKey });
      expect(response.status).toBe(200);
      const { data } = await response.json();
      expect(data[0]).toEqual({ id: "amount-off-500", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0 });
    });

    it("redeems a reward for a member through the checkout's command, once per key", async () => {
      adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/4401" }, userErrors: [] });
      await give(1, 800);
      const idempotencyKey = randomUUID();
      const responses = await Promise.all([1, 2].map(() => apiCall(app, "POST", `/api/v1/members/${member(1)}/redemptions`, { key: writeKey, body: { rewardId: "amount-off-500" }, idempotencyKey })));
      expect(responses.map((response) => response.status)).toEqual([201, 201]);
      const [a, b] = await Promise.all(responses.map((response) => response.json()));
      expect(a).toEqual(b);
      expect(a.redemption).toMatchObject({ code: expect.stringMatching(/^TALLY-/), points: 500, status: "issued", reward: { id: "amount-off-500", kind: "amount_off" } });
      expect(adminApi.store.requests.filter((request) => request.operationName === "TallyCreateBasicCode")).toHaveLength(1);
      expect(await balance(member(1))).toMatchObject({ pendingDebit: 500, available: 300 });
      expect(await t.db.prisma.redemption.findFirst({ where: { memberId: member(1) } })).toMatchObject({ requestId: `api:${idempotencyKey}`, status: "issued" });

      await expectError(await apiCall(app, "POST", `/api/v1/members/${member(1)}/redemptions`, { key: writeKey, body: { rewardId: "amount-off-500" }, idempotencyKey: randomUUID() }), 422, "insufficient_points");
      await expectError(await apiCall(app, "POST", `/api/v1/members/${member(1)}/redemptions`, { key: writeKey, body: { rewardId: "amount-off-550" }, idempotencyKey: randomUUID() }), 422, "unknown_reward");
      expect(await t.db.prisma.redemption.count({ where: { memberId: member(1) } })).toBe(1);
    });
  });

  describe("every call", () => {
    it("is logged with its key, method, path and status, without the body or query string", async () => {
      const { id, key } = await makeApiKey(t.db, SHOP, "read_write", "Logged");
      await apiCall(app, "GET", `/api/v1/members?email=shopper1%40example.com`, { key });
      await apiCall(app, "POST", `/api/v1/members/${member(4)}/events`, { key, body: { event: "quiz", points: 5, note: "secret-note" }, idempotencyKey: randomUUID() });
      await apiCall(app, "GET", `/api/v1/members/nobody`, { key });
      await apiCall(app, "DELETE", `/api/v1/members/${member(4)}`, { key });
      const calls = await t.db.prisma.apiCall.findMany({ where: { keyId: id }, orderBy: { at: "asc" } });
      expect(calls.map(({ shop, method, path, status }) => ({ shop, method, path, status }))).toEqual([
        { shop: SHOP, method: "GET", path: "/api/v1/members", status: 200 },
        { shop: SHOP, method: "POST", path: `/api/v1/members/${member(4)}/events`, status: 201 },
        { shop: SHOP, method: "GET", path: "/api/v1/members/nobody", status: 404 },
        { shop: SHOP, method: "DELETE", path: `/api/v1/members/${member(4)}`, status: 405 },
      ]);
      expect(JSON.stringify(calls)).not.toMatch(/secret-note|shopper1/);
      expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
    });

    it("answers an unknown path with a JSON 404", async () => {
      await expectError(await apiCall(app, "GET", "/api/v1/nothing-here", { key: readKey }), 404, "not_found");
    });
  });

  describe("rate limit", () => {
    it("answers 429 with Retry-After once a key has spent its calls, and other keys go on", async () => {
      const limited = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "3" });
      const { id, key } = await makeApiKey(t.db, SHOP, "read", "Busy");
      const statuses: number[] = [];
      for (let n = 0; n < 3; n++) statuses.push((await apiCall(limited, "GET", "/api/v1/rewards", { key })).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await apiCall(limited, "GET", "/api/v1/rewards", { key });
      const body = await expectError(refused, 429, "rate_limited");
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get("Retry-After"))).toBeLessThanOrEqual(20);
      expect(body.error.message).toContain("Retry-After");
      await expectError(await apiCall(limited, "GET", "/api/v1/rewards", { key }), 429, "rate_limited");
      expect((await apiCall(limited, "GET", "/api/v1/rewards", { key: readKey })).status).toBe(200);
      // A run of refusals is logged once.
      const logged = await t.db.prisma.apiCall.findMany({ where: { keyId: id }, select: { status: true } });
      expect(logged.map((call) => call.status).sort()).toEqual([200, 200, 200, 429]);
    });
  });
});
