// Which shop a webhook may act on: the one its signed body names (compliance), one well-formed shop domain in the
// header (every route), and only a shop that is installed (the queued topics). Driven through the built app's real
// routes with Shopify's signature, on each database.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP_A = "tenant-a.myshopify.com";
const SHOP_B = "tenant-b.myshopify.com";
const cust = (id: number) => ({ id, state: "enabled" as const, email: `shopper${id}@example.com` });

describe.each(testDatabaseKinds())("tenants at the webhook door on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  const compliance = (topic: string, payload: unknown, shop: string) => h.app(signedWebhook("/webhooks/compliance", topic, payload, { shop }));

  /** Everything Tally holds for a shop, row counts per table. */
  async function holdings(shop: string) {
    const p = t.db.prisma;
    return {
      shops: await p.shop.count({ where: { domain: shop } }),
      members: await p.member.count({ where: { shop } }),
      redactedMembers: await p.member.count({ where: { shop, redactedAt: { not: null } } }),
      orders: await p.loyaltyOrder.count({ where: { shop } }),
      transfers: await p.transfer.count({ where: { shop } }),
      deliveries: await p.webhookDelivery.count({ where: { shop } }),
      dataRequests: await p.dataRequest.count({ where: { shop } }),
    };
  }

  async function orderFor(shop: string, orderId: number, customerId: number) {
    expect((await h.send(shop, "orders/paid", orderPayload({ id: orderId, customer: cust(customerId), subtotal: "50.00" }))).status).toBe(200);
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP_A);
    await h.install(SHOP_B);
    await orderFor(SHOP_A, 1, 1);
    await orderFor(SHOP_B, 2, 2);
    await h.work();
  });
  afterAll(() => t.destroy());

  describe("a compliance webhook acts only on the shop its signed body names", () => {
    it.each([
      ["shop/redact", { shop_id: 1, shop_domain: SHOP_A }],
      ["customers/redact", { shop_id: 1, shop_domain: SHOP_A, customer: { id: 2, email: "shopper2@example.com" }, orders_to_redact: [2] }],
      ["customers/data_request", { shop_id: 1, shop_domain: SHOP_A, customer: { id: 2, email: "shopper2@example.com" }, orders_requested: [2], data_request: { id: 77 } }],
    ])("refuses %s for one shop sent under another shop's header, and touches neither", async (topic, payload) => {
      const before = { a: await holdings(SHOP_A), b: await holdings(SHOP_B) };
      const response = await compliance(topic, payload, SHOP_B);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe(
        `The payload's shop_domain (${SHOP_A}) is not the shop in X-Shopify-Shop-Domain (${SHOP_B}); nothing was changed.`,
      );
      expect({ a: await holdings(SHOP_A), b: await holdings(SHOP_B) }).toEqual(before);
    });

    it("acts when the header and the signed body name the same shop", async () => {
      const response = await compliance("customers/data_request", { shop_id: 2, shop_domain: SHOP_B, customer: { id: 2 }, data_request: { id: 78 } }, SHOP_B);
      expect(response.status).toBe(200);
      expect(await t.db.prisma.dataRequest.count({ where: { shop: SHOP_B, customerId: "2" } })).toBe(1);
    });
  });

  describe("the shop header is one well-formed *.myshopify.com domain on every webhook route", () => {
    const BAD_HEADERS = [
      `${SHOP_A}, ${SHOP_B}`, // a repeated header, as Node and fetch join it
      "tenant-a.example.com",
      "tenant-a.myshopify.com/admin",
      "tenant-a.myshopify.com.evil.com",
      "tenant a.myshopify.com",
      "Tenant-A.myshopify.com",
      "myshopify.com",
    ];
    const ROUTES: [string, string, unknown][] = [
      ["/webhooks/orders/paid", "orders/paid", orderPayload({ id: 10, customer: cust(10), subtotal: "10.00" })],
      ["/webhooks/orders/cancelled", "orders/cancelled", orderPayload({ id: 10, customer: cust(10), subtotal: "10.00", cancelledAt: "2026-11-21T10:00:00-05:00" })],
      ["/webhooks/refunds/create", "refunds/create", { id: 11, order_id: 10, created_at: "2026-11-21T10:00:00-05:00", refund_line_items: [] }],
      ["/webhooks/customers/create", "customers/create", customerPayload(cust(10))],
      ["/webhooks/customers/update", "customers/update", customerPayload(cust(10))],
      ["/webhooks/compliance", "shop/redact", { shop_id: 1, shop_domain: SHOP_A }],
      ["/webhooks/compliance", "customers/redact", { shop_id: 1, shop_domain: SHOP_A, customer: { id: 1 } }],
      ["/webhooks/app/uninstalled", "app/uninstalled", { id: 1, domain: SHOP_A }],
      ["/webhooks/app/scopes_update", "app/scopes_update", { current: ["read_orders"], previous: [] }],
      ["/webhooks/shop/update", "shop/update", { id: 1, myshopify_domain: SHOP_A, plan_name: "shopify_plus" }],
    ];

    /** The signed request sent over HTTP with X-Shopify-Shop-Domain twice, as two header lines. */
    async function withRepeatedShopHeader(uri: string, topic: string, payload: unknown): Promise<{ status: number; body: string }> {
      const signed = signedWebhook(uri, topic, payload, { shop: SHOP_A });
      const body = await signed.text();
      const raw: string[] = [];
      signed.headers.forEach((value, name) => raw.push(name, value));
      // Given as a list, headers are sent as they are: Node adds neither Host nor the body's length.
      raw.push("X-Shopify-Shop-Domain", SHOP_B, "Host", new URL(h.app.origin).host, "Content-Length", String(Buffer.byteLength(body)));
      return new Promise((resolve, reject) => {
        const req = httpRequest(`${h.app.origin}${uri}`, { method: "POST", headers: raw }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on("error", reject);
        req.end(body);
      });
    }

    it.each(ROUTES)("%s (%s) answers 400 to a header that is not one shop, and stores nothing", async (uri, topic, payload) => {
      const deliveries = await t.db.prisma.webhookDelivery.count();
      const before = await holdings(SHOP_A);
      for (const header of BAD_HEADERS) {
        const response = await h.app(signedWebhook(uri, topic, payload, { shop: header }));
        expect(response.status, `${uri} with ${JSON.stringify(header)}`).toBe(400);
        expect((await response.json()).error).toContain("X-Shopify-Shop-Domain must be one shop's <name>.myshopify.com domain");
      }
      const repeated = await withRepeatedShopHeader(uri, topic, payload);
      expect(repeated.status, `${uri} with the header twice`).toBe(400);
      expect(JSON.parse(repeated.body).error).toContain(`got "${SHOP_A}, ${SHOP_B}"`);
      expect(await t.db.prisma.webhookDelivery.count()).toBe(deliveries);
      expect(await t.db.prisma.shop.findUnique({ where: { domain: SHOP_A } })).toMatchObject({ uninstalledAt: null });
      expect(await holdings(SHOP_A)).toEqual(before);
      expect(await t.db.prisma.shop.count({ where: { domain: { contains: "," } } })).toBe(0);
    });
  });

  describe("deliveries for a shop that is not installed are acknowledged and dropped", () => {
    const NEVER = "never-installed.myshopify.com";

    it("answers 200 to a shop that never installed and stores nothing of it", async () => {
      expect((await h.send(NEVER, "customers/create", customerPayload(cust(30)))).status).toBe(200);
      expect((await h.send(NEVER, "orders/paid", orderPayload({ id: 30, customer: cust(30), subtotal: "30.00" }))).status).toBe(200);
      await h.work();
      expect(await holdings(NEVER)).toEqual({ shops: 0, members: 0, redactedMembers: 0, orders: 0, transfers: 0, deliveries: 0, dataRequests: 0 });
    });

    it("drops, in the worker, deliveries queued before the shop uninstalled, keeping no payload", async () => {
      const shop = "leaving.myshopify.com";
      await h.install(shop);
      const webhookId = "queued-before-uninstall";
      expect((await h.send(shop, "orders/paid", orderPayload({ id: 40, customer: cust(40), subtotal: "40.00" }), { webhookId })).status).toBe(200);
      expect(await t.db.prisma.webhookDelivery.findUnique({ where: { id: webhookId } })).toMatchObject({ status: "queued" });

      expect((await h.app(signedWebhook("/webhooks/app/uninstalled", "app/uninstalled", { id: 1, domain: shop }, { shop }))).status).toBe(200);
      expect((await h.send(shop, "customers/create", customerPayload(cust(41)))).status).toBe(200);
      await h.work();

      expect(await t.db.prisma.webhookDelivery.findMany({ where: { shop } })).toEqual([
        expect.objectContaining({ id: webhookId, status: "done", payload: null, lastError: null, processedAt: expect.any(Date) }),
      ]);
      expect(await holdings(shop)).toMatchObject({ shops: 1, members: 0, orders: 0, transfers: 0 });
    });

    it("stores nothing personal for late deliveries after shop/redact, and a reinstall starts clean", async () => {
      expect((await compliance("shop/redact", { shop_id: 1, shop_domain: SHOP_A }, SHOP_A)).status).toBe(200);
      expect(await holdings(SHOP_A)).toEqual({ shops: 0, members: 0, redactedMembers: 0, orders: 0, transfers: 0, deliveries: 0, dataRequests: 0 });

      // Shopify retries for up to 48 hours: a late payment and a late customer update of the erased shop.
      expect((await h.send(SHOP_A, "orders/paid", orderPayload({ id: 1, customer: cust(1), subtotal: "50.00" }))).status).toBe(200);
      expect((await h.send(SHOP_A, "customers/update", customerPayload(cust(1)))).status).toBe(200);
      await h.work();
      expect(await holdings(SHOP_A)).toEqual({ shops: 0, members: 0, redactedMembers: 0, orders: 0, transfers: 0, deliveries: 0, dataRequests: 0 });
      const stored = await t.db.prisma.webhookDelivery.findMany({ where: { payload: { contains: "shopper1@example.com" } } });
      expect(stored).toEqual([]);

      await h.install(SHOP_A);
      expect(await holdings(SHOP_A)).toEqual({ shops: 1, members: 0, redactedMembers: 0, orders: 0, transfers: 0, deliveries: 0, dataRequests: 0 });
      await orderFor(SHOP_A, 5, 1);
      await h.work();
      expect(await h.balances(SHOP_A, 1)).toMatchObject({ posted: 50, lifetimeEarned: 50 });
      expect(await holdings(SHOP_B)).toMatchObject({ members: 1, orders: 1 });
    });
  });
});
