// Where a shopper is told they can redeem, per plan, from the real entry points on SQLite and PostgreSQL: the shop's
// plan and customer accounts as the install's ShopProfile read them from the Admin API stand-in (afterInstall), then
// `program.redeemAt` in the storefront widget's GET /apps/tally/customer (app proxy) and the extensions'
// GET /api/shopper/summary (session token), and `redeemAt` in the order-status block's GET /api/shopper/order-status,
// each read as the extensions read it (extensions/shared/shopper-responses.ts). Checkout only on Shopify Plus, the
// account page only with new customer accounts; a shop installed before Tally asked is told neither.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterInstall } from "~/admin/shop-profile.server";
import { parseOrderStatus, parseRedeemAt } from "../../extensions/shared/shopper-responses";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const PLANS = [
  { plan: "Basic, classic customer accounts", shopifyPlus: false, version: "CLASSIC", redeemAt: [] },
  { plan: "Basic, new customer accounts", shopifyPlus: false, version: "NEW_CUSTOMER_ACCOUNTS", redeemAt: ["account"] },
  { plan: "Plus, classic customer accounts", shopifyPlus: true, version: "CLASSIC", redeemAt: ["checkout"] },
  { plan: "Plus, new customer accounts", shopifyPlus: true, version: "NEW_CUSTOMER_ACCOUNTS", redeemAt: ["checkout", "account"] },
] as const;

describe.each(testDatabaseKinds())("where shoppers can redeem, per plan, on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 1);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  const widgetAnswer = async (customerId?: string) => (await (await app(proxyRequest("customer", { shop: SHOP, customerId }))).json()).program.redeemAt;
  const extensionAnswer = async () => {
    const summary: unknown = await (await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: "1" })))).json();
    const guest: unknown = await (await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP })))).json();
    const status = await (await app(extensionRequest("/api/shopper/order-status?orderId=gid://shopify/Order/42", sessionToken({ shop: SHOP, customerId: "1" })))).json();
    const places = parseRedeemAt(summary);
    expect(parseRedeemAt(guest)).toEqual(places);
    expect(parseOrderStatus(status)?.redeemAt).toEqual(places);
    return places;
  };

  it("tells a shop installed before Tally read its plan neither checkout nor the account page", async () => {
    expect(await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ shopifyPlus: null, customerAccounts: null });
    expect(await widgetAnswer("1")).toEqual([]);
    expect(await extensionAnswer()).toEqual([]);
  });

  it.each(PLANS)("on $plan: $redeemAt", async ({ shopifyPlus, version, redeemAt }) => {
    adminApi.store.reset();
    adminApi.store.setShop(SHOP, { query: { shop: { name: "Plan shop", currencyCode: "USD", plan: { shopifyPlus }, customerAccountsV2: { customerAccountsVersion: version } } } });
    await afterInstall(t.db, await offlineAdmin(t.db, SHOP), SHOP);
    expect(await widgetAnswer("1")).toEqual(redeemAt);
    expect(await widgetAnswer()).toEqual(redeemAt);
    expect(await extensionAnswer()).toEqual(redeemAt);
  });
});
