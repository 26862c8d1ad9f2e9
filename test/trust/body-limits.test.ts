// Oversized bodies, declared or streamed, refused with 413 by the production server before they are read, on
// every family of paths (webhooks, shopper API, app proxy, admin); bodies of normal size, sent either way, still
// reach their routes.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { rawPost } from "../support/raw-http";
import { signedWebhook, TEST_API_SECRET, webhookHmac, WEBHOOK_API_VERSION } from "../support/shopify-requests";
import { BROWSER_USER_AGENT, EXTENSION_ORIGIN, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const MB = 1024 * 1024;
const HUNDRED_MB = 100 * MB;

describe.each(testDatabaseKinds())("body limits on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let admin: DemoAdmin;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 1);
    await storeOfflineSession(t.db, SHOP);
    admin = await openDemoAdmin(t.url, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  const proxyPath = () => {
    const url = new URL(proxyRequest("customer", { shop: SHOP, customerId: "1" }).url);
    return `${url.pathname}${url.search}`;
  };
  const token = () => sessionToken({ shop: SHOP, customerId: "1" });

  const targets = (): { path: string; limit: number; headers: Record<string, string> }[] => [
    { path: "/webhooks/compliance", limit: 5 * MB, headers: { "Content-Type": "application/json", "X-Shopify-Topic": "shop/redact", "X-Shopify-Shop-Domain": SHOP } },
    { path: "/webhooks/orders/paid", limit: 5 * MB, headers: { "Content-Type": "application/json" } },
    { path: "/api/shopper/redeem", limit: 64 * 1024, headers: { "Content-Type": "application/json", Authorization: `Bearer ${token()}`, Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER_USER_AGENT } },
    { path: proxyPath(), limit: 64 * 1024, headers: { "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT } },
    { path: "/app/program", limit: 256 * 1024, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: admin.cookie } },
    { path: "/app/import-export", limit: 24 * MB, headers: { "Content-Type": "multipart/form-data; boundary=x", Cookie: admin.cookie } },
  ];

  it("refuses a body declared as 100 MB with 413 before the client has sent it", async () => {
    for (const target of targets()) {
      for (const server of [app, admin.app]) {
        const answer = await rawPost(server.origin, target.path, { headers: target.headers, declaredBytes: HUNDRED_MB, streamUpTo: HUNDRED_MB });
        expect(answer.status, target.path).toBe(413);
        expect(answer.text, target.path).toMatch(/larger than \d+ (KB|MB)/);
        expect(answer.headers.connection, target.path).toBe("close");
        expect(answer.sent, target.path).toBeLessThan(16 * MB);
        expect(answer.milliseconds, target.path).toBeLessThan(5000);
      }
    }
  });

  it("refuses a chunked body at the first bytes over its path's limit", async () => {
    for (const target of targets()) {
      if (target.path.startsWith("/apps/")) {
        // The app proxy's routes take no body: Remix answers a POST at once, before any of it is read.
        const answer = await rawPost(app.origin, target.path, { headers: target.headers, streamUpTo: HUNDRED_MB });
        expect(answer.status, target.path).toBe(405);
        expect(answer.sent, target.path).toBeLessThan(16 * MB);
        continue;
      }
      // The admin's routes answer a visitor who is not signed in before reading the body: sign in first.
      const server = target.path.startsWith("/app/") ? admin.app : app;
      const answer = await rawPost(server.origin, target.path, { headers: target.headers, streamUpTo: HUNDRED_MB });
      expect(answer.status, target.path).toBe(413);
      expect(answer.text, target.path).toMatch(/larger than \d+ (KB|MB)/);
      expect(answer.sent, target.path).toBeGreaterThan(target.limit);
      expect(answer.sent, target.path).toBeLessThan(target.limit + 8 * MB);
    }
    const shopper = await rawPost(app.origin, "/api/shopper/redeem", { headers: targets()[2]?.headers, streamUpTo: HUNDRED_MB });
    expect(JSON.parse(shopper.text)).toEqual({ error: { code: "body_too_large", message: expect.stringContaining("64 KB") } });
    expect(shopper.headers["access-control-allow-origin"]).toBe("*");
  });

  it("stores nothing from a refused webhook body", async () => {
    await rawPost(app.origin, "/webhooks/orders/paid", { headers: { "Content-Type": "application/json" }, streamUpTo: HUNDRED_MB });
    expect(await t.db.prisma.webhookDelivery.count()).toBe(0);
  });

  it("still serves bodies of normal size, declared or chunked", async () => {
    const customer = { id: 501, email: "new@example.com", first_name: "New", last_name: "Customer", state: "enabled", created_at: "2026-01-05T10:00:00-05:00", updated_at: "2026-11-20T10:00:00-05:00", admin_graphql_api_id: "gid://shopify/Customer/501", default_address: null };
    expect((await app(signedWebhook("/webhooks/customers/create", "customers/create", customer, { shop: SHOP }))).status).toBe(200);
    const body = JSON.stringify({ ...customer, id: 502, admin_graphql_api_id: "gid://shopify/Customer/502" });
    const chunkedWebhook = await rawPost(app.origin, "/webhooks/customers/create", {
      body: Buffer.from(body),
      headers: {
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
        "X-Shopify-Topic": "customers/create",
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-API-Version": WEBHOOK_API_VERSION,
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Hmac-Sha256": webhookHmac(body),
      },
    });
    expect(chunkedWebhook.status, chunkedWebhook.text).toBe(200);
    expect(await t.db.prisma.webhookDelivery.count()).toBe(2);

    const redeem = await rawPost(app.origin, "/api/shopper/redeem", {
      body: Buffer.from(JSON.stringify({ rewardId: "amount-off-500", requestId: "request-0001" })),
      headers: { ...targets()[2]?.headers, "Transfer-Encoding": "chunked" },
    });
    // The route read the whole body and answered it: the member has no points to spend.
    expect(redeem.status, redeem.text).toBe(422);
    expect((await app(proxyRequest("customer", { shop: SHOP, customerId: "1" }))).status).toBe(200);

    const form = new FormData();
    form.set("file", new File(["email,points\nshopper1@example.com,5\n"], "balances.csv", { type: "text/csv" }));
    const upload = new Request("http://localhost/", { method: "POST", body: form });
    const chunkedUpload = await rawPost(admin.app.origin, "/app/import-export", {
      body: Buffer.from(await upload.arrayBuffer()),
      headers: { "Content-Type": upload.headers.get("Content-Type") ?? "", "Transfer-Encoding": "chunked", Cookie: admin.cookie },
    });
    expect(chunkedUpload.status, chunkedUpload.text).toBe(302);
    expect(await t.db.prisma.importRun.count()).toBe(1);
  });
});
