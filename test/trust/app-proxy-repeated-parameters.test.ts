// App proxy requests whose query repeats a parameter, signed exactly as Shopify's library checks them (a repeated
// key's values joined with ","): the signature holds, yet the app would read only the first value. Refused with
// 400 and a message naming the parameter, before anything is served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { proxyRequest } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

describe.each(testDatabaseKinds())("app proxy parameters given twice on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 2);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET });
  });
  afterAll(() => t.destroy());

  it("refuses a correctly signed request that names the customer twice, and serves neither account", async () => {
    const response = await app(proxyRequest("customer", { shop: SHOP, customerId: "1", repeated: [["logged_in_customer_id", "2"]] }));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({ error: { code: "invalid_request", message: expect.stringContaining('"logged_in_customer_id" appears more than once') } });
    expect(JSON.stringify(body)).not.toMatch(/SHOPPER-|balance/);
  });

  it("refuses any other repeated parameter the same way", async () => {
    for (const [key, value] of [["locale", "de"], ["path_prefix", "/apps/other"]] as [string, string][]) {
      const response = await app(proxyRequest("customer", { shop: SHOP, customerId: "1", extra: { locale: "en" }, repeated: [[key, value]] }));
      expect(response.status, key).toBe(400);
      expect((await response.json()).error.message, key).toContain(`"${key}"`);
    }
    const referral = await app(proxyRequest("r/SHOPPER-1", { shop: SHOP, repeated: [["logged_in_customer_id", "2"]] }));
    expect(referral.status).toBe(400);
    expect(referral.headers.get("Location")).toBeNull();
  });

  it("still serves the same request with each parameter once", async () => {
    const one = await app(proxyRequest("customer", { shop: SHOP, customerId: "2" }));
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ signedIn: true });
  });
});
