// The shopper flow of `npm run demo`: the demo shop as the seed leaves it, the Admin API answered from the demo's
// scenario file (tools/admin-api-standin/demo-scenario.json), requests signed with the demo secret. A demo
// shopper redeems points for a code (a free product's too) and for store credit, checks a friend's referral code
// and follows a referral link.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "~/demo/demo-seed.server";
import { saveCatalogueEdit } from "~/loyalty/program/save-program-rules.server";
import { DEMO_API_SECRET, DEMO_SHOP } from "~/env.server";
import { scenarioShops } from "../../tools/admin-api-standin/scenario-file";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, ROOT, type TestDatabase } from "../support/test-database";

describe.each(["sqlite"] as const)("the demo's shopper flow on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoShop(t.db, { shop: DEMO_SHOP, now: new Date() });
    const content: unknown = JSON.parse(readFileSync(path.join(ROOT, "tools/admin-api-standin/demo-scenario.json"), "utf8"));
    adminApi.store.reset();
    for (const [shop, scenario] of Object.entries(scenarioShops(content, new Date()))) adminApi.store.setShop(shop, scenario);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: DEMO_API_SECRET });
  });
  afterAll(() => t.destroy());

  async function richestMember() {
    const balance = await t.db.prisma.balance.findFirstOrThrow({ where: { shop: DEMO_SHOP }, orderBy: { available: "desc" }, include: { member: true } });
    return { customerId: balance.member.customerId, available: balance.available, referralCode: balance.member.referralCode ?? "" };
  }

  it("redeems a demo shopper's points for a code created by the stand-in", async () => {
    const shopper = await richestMember();
    expect(shopper.available).toBeGreaterThanOrEqual(500);
    const token = sessionToken({ shop: DEMO_SHOP, customerId: shopper.customerId, secret: DEMO_API_SECRET });
    const summary = await (await app(extensionRequest("/api/shopper/summary", token))).json();
    const reward = summary.rewards.find((candidate: { affordable: boolean }) => candidate.affordable);
    const response = await app(extensionRequest("/api/shopper/redeem", token, { body: { rewardId: reward.id, requestId: "demo-click-1" } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: expect.stringMatching(/^TALLY-/), points: reward.points, status: "issued" });
    const after = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: DEMO_SHOP, customerId: shopper.customerId } }, include: { balance: true } });
    expect(after.balance?.available).toBe(shopper.available - reward.points);
  });

  it("redeems a free product and store credit the merchant added, answered by the demo's scenario", async () => {
    const staff = { id: "demo", name: "Demo staff" };
    for (const reward of [
      { id: "free-product-rapron1", name: "Free apron", enabled: true, kind: "free_product", points: 500, variantId: "gid://shopify/ProductVariant/7100001", productTitle: "Linen apron — Natural", minimumOrderMinor: 0, codeLifetimeHours: 720, tierKeys: [] as string[] },
      { id: "store-credit-rcredit", name: "Five in credit", enabled: true, kind: "store_credit", points: 500, amountMinor: 500, tierKeys: [] as string[] },
    ] as const) {
      expect(await saveCatalogueEdit(t.db, { shop: DEMO_SHOP, staff, now: new Date(), edit: { type: "save", reward } })).toMatchObject({ status: "saved" });
    }
    const shopper = await richestMember();
    expect(shopper.available).toBeGreaterThanOrEqual(1_000);
    const token = sessionToken({ shop: DEMO_SHOP, customerId: shopper.customerId, secret: DEMO_API_SECRET });
    const product = await app(extensionRequest("/api/shopper/redeem", token, { body: { rewardId: "free-product-rapron1", requestId: "demo-click-apron" } }));
    expect(await product.json()).toMatchObject({ code: expect.stringMatching(/^TALLY-/), status: "issued", reward: { kind: "free_product", title: "Free Linen apron — Natural" } });
    const credit = await app(extensionRequest("/api/shopper/redeem", token, { body: { rewardId: "store-credit-rcredit", requestId: "demo-click-credit" } }));
    expect(await credit.json()).toMatchObject({ code: expect.stringMatching(/^CREDIT-/), status: "credited", reward: { kind: "store_credit", title: "$5.00 store credit" } });
    const after = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: DEMO_SHOP, customerId: shopper.customerId } }, include: { balance: true } });
    expect(after.balance).toMatchObject({ available: shopper.available - 1_000, pendingDebit: expect.any(Number) });
  });

  it("checks a referral code and follows a referral link", async () => {
    const advocate = await richestMember();
    const friend = await t.db.prisma.member.findFirstOrThrow({ where: { shop: DEMO_SHOP, customerId: { not: advocate.customerId } }, orderBy: { createdAt: "desc" } });
    const guest = sessionToken({ shop: DEMO_SHOP, secret: DEMO_API_SECRET });
    const check = await (await app(extensionRequest("/api/shopper/referral-check", guest, { body: { code: advocate.referralCode } }))).json();
    expect(check).toMatchObject({ valid: true, discountCode: advocate.referralCode });
    const link = await app(proxyRequest(`r/${advocate.referralCode}`, { shop: DEMO_SHOP, customerId: friend.customerId, secret: DEMO_API_SECRET }));
    expect(link.status).toBe(302);
    expect(link.headers.get("Location")).toMatch(new RegExp(`^/discount/${advocate.referralCode}\\?redirect=`));
  });
});
