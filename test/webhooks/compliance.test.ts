import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOrders } from "~/loyalty/earning/order-rollups.server";
import { insertReferral } from "~/loyalty/referrals/referral-store.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const OTHER_SHOP = "other-shop.myshopify.com";

describe.each(testDatabaseKinds())("compliance webhooks on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 3);
    await seedMembers(t.db, 1, OTHER_SHOP);
    for (const [n, memberId] of members.entries()) {
      await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "PURCHASE", points: 100 + n, status: "posted", idempotencyKey: `order:${n}:earn`, orderId: String(n) });
    }
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET });
  });
  afterAll(() => t.destroy());

  const send = (topic: string, payload: unknown, options: { hmac?: string; shop?: string } = {}) =>
    app(signedWebhook("/webhooks/compliance", topic, payload, { shop: options.shop ?? SHOP, hmac: options.hmac }));

  it("answers 401 to a bad signature and writes nothing", async () => {
    const response = await send("shop/redact", { shop_id: 1, shop_domain: SHOP }, { hmac: "Zm9yZ2Vk" });
    expect(response.status).toBe(401);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP } })).toBe(3);
  });

  it("answers 400 with the problem to a malformed payload and writes nothing", async () => {
    const response = await send("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { email: "x@example.com" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringContaining("customer.id") });
    const notJson = await send("customers/redact", "{not json");
    expect(notJson.status).toBe(400);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, redactedAt: { not: null } } })).toBe(0);
  });

  it("stores a complete export of what Tally holds on a customer for customers/data_request", async () => {
    const response = await send("customers/data_request", {
      shop_id: 1,
      shop_domain: SHOP,
      orders_requested: [0],
      customer: { id: 1, email: "shopper1@example.com", phone: null },
      data_request: { id: 9999 },
    });
    expect(response.status).toBe(200);
    const stored = await t.db.prisma.dataRequest.findMany({ where: { shop: SHOP, customerId: "1" } });
    expect(stored).toHaveLength(1);
    const data = JSON.parse(stored[0]?.export ?? "{}");
    expect(data).toMatchObject({
      format: "tally-customer-data/1",
      customerId: "1",
      shopifyDataRequestId: "9999",
      ordersRequested: ["0"],
      member: {
        email: "shopper1@example.com",
        firstName: "Shopper",
        balances: { posted: 100, available: 100, lifetimeEarned: 100 },
        transfers: [{ code: "PURCHASE", points: 100, status: "posted", orderId: "0" }],
      },
    });
  });

  it("erases a customer's personal data on customers/redact and keeps the ledger balanced", async () => {
    const before = await t.db.prisma.transfer.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    // A guest order the customer placed before they had an account, which Shopify names, and one of theirs.
    const placed = new Date();
    await writeOrders(t.db, SHOP, ["701"], (tx) => tx.prisma.loyaltyOrder.create({ data: { shop: SHOP, orderId: "701", paidAt: placed, eligibleMinor: 900, emailKey: "shopper2@example.com", shippingAddressKey: "1 main st", createdAt: placed, updatedAt: placed } }));
    await writeOrders(t.db, SHOP, ["702"], (tx) => tx.prisma.loyaltyOrder.create({ data: { shop: SHOP, orderId: "702", customerId: "2", paidAt: placed, eligibleMinor: 900, emailKey: "shopper2@example.com", createdAt: placed, updatedAt: placed } }));
    expect(await t.db.prisma.shopperOrderDay.count({ where: { shop: SHOP, shopper: { in: ["email:shopper2@example.com", "customer:2"] } } })).toBe(2);
    const response = await send("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 2, email: "shopper2@example.com" }, orders_to_redact: [1, 701] });
    expect(response.status).toBe(200);
    const member = await t.db.prisma.member.findUnique({ where: { id: members[1] as string }, include: { balance: true } });
    expect(member).toMatchObject({ email: null, firstName: null, lastName: null, balance: { posted: 101 } });
    expect(member?.customerId).toMatch(/^redacted:/);
    expect(member?.redactedAt).toBeInstanceOf(Date);
    expect(await t.db.prisma.transfer.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } })).toEqual(before);
    // Their orders no longer name them, nor do the order days the dashboard keeps from them.
    const orders = await t.db.prisma.loyaltyOrder.findMany({ where: { shop: SHOP, orderId: { in: ["701", "702"] } } });
    expect(orders.map((order) => [order.emailKey, order.shippingAddressKey, order.customerId?.startsWith("redacted:")])).toEqual([
      [null, null, true],
      [null, null, true],
    ]);
    const shoppers = await t.db.prisma.shopperOrderDay.findMany({ where: { shop: SHOP }, select: { shopper: true } });
    expect(shoppers.filter((row) => row.shopper.includes("shopper2") || row.shopper === "customer:2")).toEqual([]);
    // Redelivery finds nothing left to erase and still succeeds.
    expect((await send("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 2 }, orders_to_redact: [] })).status).toBe(200);
  });

  it("removes every row of the shop on shop/redact, and only that shop's", async () => {
    await t.db.prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "token" } });
    // Every other kind of row a shop accumulates: an order with a refund, a referral, a reward code, a queued
    // delivery, a staff action and an import.
    const now = new Date();
    const [advocate = "", friend = ""] = members;
    await writeOrders(t.db, SHOP, ["501"], (tx) => tx.prisma.loyaltyOrder.create({ data: { shop: SHOP, orderId: "501", customerId: "2", memberId: friend, paidAt: now, eligibleMinor: 5000, emailKey: "friend@example.com", createdAt: now, updatedAt: now } }));
    await t.db.prisma.orderRefund.create({ data: { shop: SHOP, refundId: "601", orderId: "501", eligibleMinor: 1000, refundedAt: now } });
    await insertReferral(t.db, { id: "referral-501", shop: SHOP, advocateMemberId: advocate, friendCustomerId: "2", orderId: "501", code: "FRIEND1", status: "rejected", reason: "same_email", createdAt: now });
    await t.db.prisma.redemption.create({ data: { id: "redemption-1", shop: SHOP, memberId: advocate, code: "TALLY-1", points: 500, reservationId: "none", status: "released", expiresAt: now, createdAt: now, updatedAt: now } });
    await t.db.prisma.webhookDelivery.create({ data: { id: "delivery-1", shop: SHOP, topic: "orders/paid", payload: "{}", receivedAt: now, runAfter: now, status: "done" } });
    await t.db.prisma.auditEvent.create({ data: { id: "audit-1", shop: SHOP, actorId: "1", actorName: "Ada", action: "member.adjusted", details: "{}", createdAt: now } });
    await t.db.prisma.importRun.create({ data: { id: "import-1", shop: SHOP, fileName: "a.csv", format: "generic", fileSha256: "x", status: "checked", createdBy: "Ada", createdAt: now } });
    expect(await t.db.prisma.orderDaily.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await t.db.prisma.referralDaily.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await t.db.prisma.shopperOrderDay.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await t.db.prisma.customerGain.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await t.db.prisma.customerLapse.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    // The ledger's daily sums (what the dashboard reads) go with the transfers they sum.
    expect(await t.db.prisma.ledgerDaily.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    const response = await send("shop/redact", { shop_id: 1, shop_domain: SHOP });
    expect(response.status).toBe(200);
    for (const count of [
      t.db.prisma.transfer.count({ where: { shop: SHOP } }),
      t.db.prisma.ledgerDaily.count({ where: { shop: SHOP } }),
      t.db.prisma.balance.count({ where: { shop: SHOP } }),
      t.db.prisma.member.count({ where: { shop: SHOP } }),
      t.db.prisma.dataRequest.count({ where: { shop: SHOP } }),
      t.db.prisma.session.count({ where: { shop: SHOP } }),
      t.db.prisma.shop.count({ where: { domain: SHOP } }),
      t.db.prisma.loyaltyOrder.count({ where: { shop: SHOP } }),
      t.db.prisma.orderRefund.count({ where: { shop: SHOP } }),
      t.db.prisma.referral.count({ where: { shop: SHOP } }),
      t.db.prisma.redemption.count({ where: { shop: SHOP } }),
      t.db.prisma.webhookDelivery.count({ where: { shop: SHOP } }),
      t.db.prisma.orderDaily.count({ where: { shop: SHOP } }),
      t.db.prisma.referralDaily.count({ where: { shop: SHOP } }),
      t.db.prisma.shopperOrderDay.count({ where: { shop: SHOP } }),
      t.db.prisma.customerGain.count({ where: { shop: SHOP } }),
      t.db.prisma.customerLapse.count({ where: { shop: SHOP } }),
      t.db.prisma.auditEvent.count({ where: { shop: SHOP } }),
      t.db.prisma.importRun.count({ where: { shop: SHOP } }),
    ]) {
      expect(await count).toBe(0);
    }
    expect(await t.db.prisma.member.count({ where: { shop: OTHER_SHOP } })).toBe(1);
    expect(await t.db.prisma.shop.count({ where: { domain: OTHER_SHOP } })).toBe(1);
    expect((await send("shop/redact", { shop_id: 1, shop_domain: SHOP })).status).toBe(200);
  });
});

describe("customer data exports in the admin", () => {
  let t: TestDatabase;
  let app: AppHandler;
  const DEMO_SHOP = "compliance-demo.myshopify.com";

  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    await seedMembers(t.db, 1, DEMO_SHOP);
    await seedMembers(t.db, 1, OTHER_SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, NODE_ENV: "development", TALLY_DEMO: "1", TALLY_DEMO_SHOP: DEMO_SHOP, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  it("lists the shop's stored exports and downloads one, and never another shop's", async () => {
    for (const shop of [DEMO_SHOP, OTHER_SHOP]) {
      const response = await app(signedWebhook("/webhooks/compliance", "customers/data_request", { shop_id: 1, shop_domain: shop, orders_requested: [], customer: { id: 1 }, data_request: { id: 7 } }, { shop }));
      expect(response.status).toBe(200);
    }
    const signIn = await app(new Request("http://localhost/demo", { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
    const cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const list = await app(new Request("http://localhost/app/data-requests", { headers: { Cookie: cookie } }));
    expect(list.status).toBe(200);
    const html = await list.text();
    const own = await t.db.prisma.dataRequest.findFirstOrThrow({ where: { shop: DEMO_SHOP } });
    const foreign = await t.db.prisma.dataRequest.findFirstOrThrow({ where: { shop: OTHER_SHOP } });
    expect(html).toContain(own.id);
    expect(html).not.toContain(foreign.id);
    const download = await app(new Request(`http://localhost/app/data-requests/${own.id}`, { headers: { Cookie: cookie } }));
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toMatch(/attachment; filename="tally-customer-1-/);
    expect(await download.json()).toMatchObject({ shop: DEMO_SHOP, customerId: "1", member: { email: "shopper1@example.com" } });
    const refused = await app(new Request(`http://localhost/app/data-requests/${foreign.id}`, { headers: { Cookie: cookie } }));
    expect(refused.status).toBe(404);
  });
});
