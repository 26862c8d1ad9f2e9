// The referral check and referral links (the friend discount behind each code, created once in Shopify), the
// points an order earns on the thank-you page, and the checkout's estimate — through the built app.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../tools/admin-api-standin/scenario-store";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const DAY = 86_400_000;

function friendDiscountMutations(): RecordedRequest[] {
  return adminApi.store.requests.filter((request) => request.operationName === "TallyCreateBasicCode");
}

describe.each(testDatabaseKinds())("referrals and order points on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let advocateCode: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 4);
    await storeOfflineSession(t.db, SHOP);
    advocateCode = (await t.db.prisma.member.findUniqueOrThrow({ where: { id: members[0] as string } })).referralCode ?? "";
    // Customer 3 has paid for an order before; customer 2 has not.
    const paidAt = new Date(Date.now() - 10 * DAY);
    await t.db.prisma.loyaltyOrder.create({ data: { shop: SHOP, orderId: "500", customerId: "3", memberId: members[2] as string, paidAt, eligibleMinor: 4_000, earnedPoints: 40, createdAt: paidAt, updatedAt: paidAt } });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/777" }, userErrors: [] });
    adminApi.store.shop(SHOP).mutation.discountCodeBasicUpdate = (args: Record<string, unknown>) => ({ codeDiscountNode: { id: args.id }, userErrors: [] });
  });

  const check = (customer: number | null, code: string, locale = "en") =>
    app(extensionRequest(`/api/shopper/referral-check?locale=${locale}`, sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) }), { body: { code } }));

  it("refuses unknown codes, the shopper's own code and returning customers, saying why", async () => {
    const cases: [number | null, string, string, string][] = [
      [2, "NOBODY-2222", "not_found", "We don't recognise this referral code. Check the spelling and try again."],
      [2, "x", "not_found", "We don't recognise this referral code. Check the spelling and try again."],
      [1, advocateCode, "own_code", "This is your own referral code. Share it with friends instead."],
      [3, advocateCode, "not_new_customer", "Referral codes are for a first order, and you have ordered here before."],
    ];
    for (const [customer, code, reason, message] of cases) {
      const response = await check(customer, code);
      expect(response.status, reason).toBe(200);
      expect(await response.json(), reason).toEqual({ valid: false, reason, message });
    }
    expect(friendDiscountMutations()).toHaveLength(0);
    const french = await (await check(1, advocateCode, "fr")).json();
    expect(french.message).toBe("C'est votre propre code de parrainage. Partagez-le plutôt avec vos amis.");
  });

  it("accepts a new customer's code, typed in any case, and creates the friend discount once", async () => {
    const response = await check(2, ` ${advocateCode.toLowerCase()} `);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      valid: true,
      referralCode: advocateCode,
      discountCode: advocateCode,
      friendDiscount: { percent: 10, message: "Code accepted: 10% off your first order." },
      attribute: { key: "_tally_referral", value: advocateCode },
    });
    const [created] = friendDiscountMutations();
    expect(created?.variables.basicCodeDiscount).toMatchObject({
      title: `Tally referral ${advocateCode}`,
      code: advocateCode,
      appliesOncePerCustomer: true,
      context: { all: "ALL" },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
    expect(await t.db.prisma.member.findUniqueOrThrow({ where: { id: members[0] as string } })).toMatchObject({ referralDiscountId: "gid://shopify/DiscountCodeNode/777" });

    // A signed-out shopper (a guest checkout) may use it too; the discount exists, so nothing is created again.
    expect(await (await check(null, advocateCode)).json()).toMatchObject({ valid: true, discountCode: advocateCode });
    expect(friendDiscountMutations()).toHaveLength(1);
  });

  it("adopts the friend discount an earlier request created, and never a merchant's code of the same name", async () => {
    const adopted = (await t.db.prisma.member.findUniqueOrThrow({ where: { id: members[3] as string } })).referralCode ?? "";
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique.", code: "TAKEN" }] });
    adminApi.store.shop(SHOP).query.codeDiscountNodeByCode = { id: "gid://shopify/DiscountCodeNode/888", codeDiscount: { __typename: "DiscountCodeBasic", title: "Summer sale" } };
    const refused = await check(2, adopted);
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe("discount_unavailable");
    // The link still brings the friend with the code remembered, without a discount Tally could not vouch for.
    const link = await app(proxyRequest(`r/${adopted}`, { shop: SHOP }));
    expect(link.headers.get("Location")).toBe(`/?tally_ref=${adopted}`);

    adminApi.store.shop(SHOP).query.codeDiscountNodeByCode = { id: "gid://shopify/DiscountCodeNode/889", codeDiscount: { __typename: "DiscountCodeBasic", title: `Tally referral ${adopted}` } };
    expect(await (await check(2, adopted)).json()).toMatchObject({ valid: true, discountCode: adopted });
    expect(await t.db.prisma.member.findUniqueOrThrow({ where: { id: members[3] as string } })).toMatchObject({ referralDiscountId: "gid://shopify/DiscountCodeNode/889", referralDiscountPercent: 10 });
    // The adopted discount may be from an older program: it is given the current percentage.
    const update = adminApi.store.requests.find((request) => request.operationName === "TallyUpdateBasicCode");
    expect(update?.variables).toEqual({ id: "gid://shopify/DiscountCodeNode/889", basicCodeDiscount: { customerGets: { value: { percentage: 0.1 }, items: { all: true } } } });
  });

  it("brings an advocate's friend discount in line when the merchant changes the friend's percentage", async () => {
    const rules = JSON.parse((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify({ ...rules, referral: { ...rules.referral, friendDiscountPercent: 15 } }) } });
    try {
      expect(await (await check(2, advocateCode)).json()).toMatchObject({ valid: true, friendDiscount: { percent: 15 } });
      const updates = adminApi.store.requests.filter((request) => request.operationName === "TallyUpdateBasicCode");
      expect(updates.map((request) => request.variables)).toEqual([
        { id: "gid://shopify/DiscountCodeNode/777", basicCodeDiscount: { customerGets: { value: { percentage: 0.15 }, items: { all: true } } } },
      ]);
      await check(2, advocateCode);
      expect(adminApi.store.requests.filter((request) => request.operationName === "TallyUpdateBasicCode")).toHaveLength(1);
      expect(friendDiscountMutations()).toHaveLength(0);
    } finally {
      await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });
    }
  });

  it("attributes the friend's order that used the friend discount to the advocate", async () => {
    const order = orderPayload({ id: 7001, customer: { id: 2, state: "enabled" }, subtotal: "60.00", discountCodes: [advocateCode] });
    expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect(await t.db.prisma.referral.findFirst({ where: { shop: SHOP, orderId: "7001" } })).toMatchObject({ advocateMemberId: members[0], code: advocateCode });
    // Now a customer with a paid order, the friend cannot use a referral code again.
    expect(await (await check(2, advocateCode)).json()).toMatchObject({ valid: false, reason: "not_new_customer" });
  });

  it("sends a referral link's friend to the store with the discount applied and the code remembered", async () => {
    const response = await app(proxyRequest(`r/${advocateCode.toLowerCase()}`, { shop: SHOP }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/discount/${advocateCode}?redirect=${encodeURIComponent(`/?tally_ref=${advocateCode}`)}`);

    const unknown = await app(proxyRequest("r/NOBODY-2222", { shop: SHOP }));
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get("Location")).toBe("/");
    const tampered = await app(proxyRequest(`r/${advocateCode}`, { shop: SHOP, tamper: (params) => params.set("timestamp", "1") }));
    expect(tampered.status).toBe(400);
  });

  it("tells the thank-you page what an order earns: processing, pending, posted or none", async () => {
    const order = (customer: number | null, orderId: string) =>
      app(extensionRequest(`/api/shopper/order?orderId=${encodeURIComponent(orderId)}`, sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) })));
    expect(await (await order(3, "gid://shopify/OrderIdentity/500")).json()).toEqual({ points: 40, status: "posted" });
    expect(await (await order(3, "500")).json()).toEqual({ points: 40, status: "posted" });
    const paidAt = new Date();
    await t.db.prisma.loyaltyOrder.create({
      data: { shop: SHOP, orderId: "501", customerId: "3", memberId: members[2] as string, paidAt, eligibleMinor: 12_345, earnedPoints: 123, pointsPostAt: new Date(paidAt.getTime() + 14 * DAY), createdAt: paidAt, updatedAt: paidAt },
    });
    expect(await (await order(3, "gid://shopify/OrderIdentity/501")).json()).toEqual({ points: 123, status: "pending" });
    expect(await (await order(3, "gid://shopify/OrderIdentity/999")).json()).toEqual({ points: 0, status: "processing" });
    expect(await (await order(2, "gid://shopify/OrderIdentity/500")).json()).toEqual({ points: 0, status: "none" });
    expect(await (await order(null, "gid://shopify/OrderIdentity/500")).json()).toEqual({ points: 0, status: "none" });
    expect((await order(3, "gid://shopify/Order/abc")).status).toBe(400);
  });

  it("estimates a cart's points for signed-out shoppers and at a member's tier", async () => {
    const estimate = (customer: number | null, subtotal: unknown) =>
      app(extensionRequest("/api/shopper/estimate", sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) }), { body: { subtotal } }));
    expect(await (await estimate(null, { amount: "123.45", currencyCode: "USD" })).json()).toEqual({ points: 123, standing: "in", standingText: null });
    // Customer 2 reaches Gold (1,500.00 of qualifying spend) with a paid order: the estimate is at the tier the
    // next order earns at, counted from the orders.
    const order = orderPayload({ id: 7101, customer: { id: 2, state: "enabled" }, subtotal: "1500.00" });
    expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect(await t.db.prisma.member.findUniqueOrThrow({ where: { id: members[1] as string } })).toMatchObject({ tier: "gold" });
    expect(await (await estimate(2, { amount: "123.45", currencyCode: "USD" })).json()).toEqual({ points: 185, standing: "in", standingText: null });
    expect(await (await estimate(null, { amount: "10.00", currencyCode: "EUR" })).json()).toEqual({ points: null, standing: "in", standingText: null });
    const bad = await estimate(null, { amount: "12.345", currencyCode: "USD" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/subtotal.amount/);
  });
});
