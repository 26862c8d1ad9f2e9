// Extension session tokens and app proxy signatures, made as Shopify makes them, through the built app: good
// ones are accepted, expired, wrong-shop and tampered ones are refused, and CORS is answered as Shopify expects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { EXTENSION_ORIGIN, extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

describe.each(testDatabaseKinds())("shopper authentication on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 2);
    await storeOfflineSession(t.db, SHOP);
    // A shop that installed Tally and left: its tokens are still signed with our secret.
    await upsertShop(t.db.prisma, { domain: "gone.myshopify.com", name: "Gone", currencyCode: "USD" });
    await t.db.prisma.shop.update({ where: { domain: "gone.myshopify.com" }, data: { uninstalledAt: new Date() } });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET });
  });
  afterAll(() => t.destroy());

  const summary = (token: string | null) => app(extensionRequest("/api/shopper/summary", token));

  it("answers a signed-in shopper's token with their account, and CORS for the extension sandbox", async () => {
    const response = await summary(sessionToken({ shop: SHOP, customerId: "1" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ signedIn: true, balance: { available: 0 }, referral: { code: expect.stringMatching(/^SHOPPER-/) } });
  });

  it("answers the CORS preflight with 204 and the headers the token needs", async () => {
    for (const path of ["/api/shopper/summary", "/api/shopper/redeem", "/api/shopper/referral-check", "/api/shopper/order", "/api/shopper/order-status", "/api/shopper/estimate"]) {
      const response = await app(extensionRequest(path, null, { method: "OPTIONS", headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" } }));
      expect(response.status, path).toBe(204);
      expect(response.headers.get("Access-Control-Allow-Origin"), path).toBe("*");
      expect(response.headers.get("Access-Control-Allow-Headers"), path).toMatch(/Authorization/);
      expect(response.headers.get("Access-Control-Max-Age"), path).toBe("7200");
    }
  });

  it("refuses a missing, expired, tampered or foreign token with 401 (readable across origins)", async () => {
    const good = sessionToken({ shop: SHOP, customerId: "1" });
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const otherCustomer = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "gid://shopify/Customer/2" })).toString("base64url");
    const refused = {
      missing: null,
      expired: sessionToken({ shop: SHOP, customerId: "1", expiresIn: -60 }),
      "signed with another secret": sessionToken({ shop: SHOP, customerId: "1", secret: "someone-else" }),
      "customer changed after signing": `${header}.${otherCustomer}.${signature}`,
      "another app's audience": sessionToken({ shop: SHOP, customerId: "1", apiKey: "another-app" }),
      "a shop without Tally": sessionToken({ shop: "stranger.myshopify.com", customerId: "1" }),
      "a shop that uninstalled": sessionToken({ shop: "gone.myshopify.com", customerId: "1" }),
      "iss and dest of different shops": sessionToken({ shop: SHOP, customerId: "1", claims: { iss: "https://stranger.myshopify.com/admin" } }),
      "a sub that is not a customer": sessionToken({ shop: SHOP, claims: { sub: "gid://shopify/StaffMember/1" } }),
    };
    for (const [why, token] of Object.entries(refused)) {
      const response = await summary(token);
      expect(response.status, why).toBe(401);
      expect(response.headers.get("Access-Control-Allow-Origin"), why).toBe("*");
    }
  });

  it("takes the customer from the token, never from the request", async () => {
    const response = await app(
      extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: "1" }), { body: { rewardId: "amount-off-500", requestId: "request-0001", customerId: "2" } }),
    );
    expect(response.status).toBe(422);
    expect(await t.db.prisma.transfer.count({ where: { code: "REDEMPTION" } })).toBe(0);
  });

  it("serves a signed-out shopper the program explainer", async () => {
    const response = await summary(sessionToken({ shop: SHOP }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ signedIn: false, program: { referral: { friendDiscountPercent: 10, advocatePoints: 500 } } });
    expect(body.balance).toBeUndefined();
  });

  it("accepts app proxy requests signed as Shopify signs them, and refuses tampered or stale ones", async () => {
    const signedIn = await app(proxyRequest("customer", { shop: SHOP, customerId: "2" }));
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ signedIn: true, referral: { url: expect.stringMatching(new RegExp(`^https://${SHOP}/apps/tally/r/SHOPPER-`)) } });

    const visitor = await app(proxyRequest("customer", { shop: SHOP }));
    expect(await visitor.json()).toMatchObject({ signedIn: false });

    const tampered = await app(proxyRequest("customer", { shop: SHOP, customerId: "2", tamper: (params) => params.set("logged_in_customer_id", "1") }));
    expect(tampered.status).toBe(400);
    const wrongSecret = await app(proxyRequest("customer", { shop: SHOP, customerId: "2", secret: "someone-else" }));
    expect(wrongSecret.status).toBe(400);
    const stale = await app(proxyRequest("customer", { shop: SHOP, customerId: "2", timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(400);
    const unknownShop = await app(proxyRequest("customer", { shop: "stranger.myshopify.com", customerId: "2" }));
    expect(unknownShop.status).toBe(404);
  });

  it("speaks the shopper's language", async () => {
    const response = await app(proxyRequest("customer", { shop: SHOP, extra: { locale: "de" } }));
    const body = await response.json();
    expect(body.program.rewards[0].title).toBe("5,00\u00a0$ Rabatt");
    expect(EXTENSION_ORIGIN).toMatch(/^https:/);
  });
});
