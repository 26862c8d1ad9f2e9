// A shop's keys follow the shop: after app/uninstalled they answer 401, and shop/redact erases the shop's keys,
// its call log and its idempotency keys, and no other shop's. The call log and the idempotency keys keep 30 days.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { apiCall, makeApiKey } from "../support/public-api";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const OTHER_SHOP = "api-lifecycle-other.myshopify.com";

describe.each(testDatabaseKinds())("API keys and the shop's life on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let key: string;
  let otherKey: string;
  let members: string[];
  let otherMembers: string[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 1);
    otherMembers = await seedMembers(t.db, 1, OTHER_SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    key = (await makeApiKey(t.db, SHOP, "read_write")).key;
    otherKey = (await makeApiKey(t.db, OTHER_SHOP, "read_write")).key;
    for (const [k, member] of [[key, members[0]], [otherKey, otherMembers[0]]] as const) {
      const response = await apiCall(app, "POST", `/api/v1/members/${member}/events`, { key: k, body: { event: "quiz", points: 3 }, idempotencyKey: randomUUID() });
      expect(response.status).toBe(201);
    }
  });
  afterAll(() => t?.destroy());

  const rows = async (shop: string) => ({
    keys: await t.db.prisma.apiKey.count({ where: { shop } }),
    calls: await t.db.prisma.apiCall.count({ where: { shop } }),
    idempotencyKeys: await t.db.prisma.apiIdempotencyKey.count({ where: { shop } }),
  });

  it("forgets calls and idempotency keys older than 30 days, whoever's they were", async () => {
    const old = new Date(Date.now() - 31 * 86_400_000);
    const recent = new Date(Date.now() - 29 * 86_400_000);
    await t.db.prisma.apiCall.createMany({ data: [
      { id: "old-call", shop: OTHER_SHOP, keyId: "0", method: "GET", path: "/api/v1/rewards", status: 200, at: old },
      { id: "recent-call", shop: OTHER_SHOP, keyId: "0", method: "GET", path: "/api/v1/rewards", status: 200, at: recent },
    ] });
    await t.db.prisma.apiIdempotencyKey.createMany({ data: [
      { shop: OTHER_SHOP, key: "old-key", fingerprint: "x", createdAt: old },
      { shop: OTHER_SHOP, key: "recent-key", fingerprint: "x", createdAt: recent },
    ] });
    // A new app instance prunes on its first call and first write, then every 1,000th.
    const fresh = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    expect((await apiCall(fresh, "POST", `/api/v1/members/${members[0]}/events`, { key, body: { event: "quiz", points: 1 }, idempotencyKey: randomUUID() })).status).toBe(201);
    expect((await t.db.prisma.apiCall.findMany({ where: { id: { in: ["old-call", "recent-call"] } } })).map((row) => row.id)).toEqual(["recent-call"]);
    expect((await t.db.prisma.apiIdempotencyKey.findMany({ where: { key: { in: ["old-key", "recent-key"] } } })).map((row) => row.key)).toEqual(["recent-key"]);
    await t.db.prisma.apiCall.delete({ where: { id: "recent-call" } });
    await t.db.prisma.apiIdempotencyKey.delete({ where: { shop_key: { shop: OTHER_SHOP, key: "recent-key" } } });
  });

  it("refuses a key with 401 once the shop uninstalled Tally", async () => {
    expect((await app(signedWebhook("/webhooks/app/uninstalled", "app/uninstalled", { id: 1 }, { shop: SHOP }))).status).toBe(200);
    const response = await apiCall(app, "GET", "/api/v1/rewards", { key });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("shop_not_installed");
    expect((await apiCall(app, "GET", "/api/v1/rewards", { key: otherKey })).status).toBe(200);
  });

  it("erases the shop's keys, calls and idempotency keys on shop/redact, and only that shop's", async () => {
    expect(await rows(SHOP)).toEqual({ keys: 1, calls: 3, idempotencyKeys: 2 });
    const response = await app(signedWebhook("/webhooks/compliance", "shop/redact", { shop_id: 1, shop_domain: SHOP }, { shop: SHOP }));
    expect(response.status).toBe(200);
    expect(await rows(SHOP)).toEqual({ keys: 0, calls: 0, idempotencyKeys: 0 });
    expect(await rows(OTHER_SHOP)).toEqual({ keys: 1, calls: 2, idempotencyKeys: 1 });
    expect((await apiCall(app, "GET", "/api/v1/rewards", { key })).status).toBe(401);
  });
});
