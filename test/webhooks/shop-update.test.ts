// shop/update from the real entry point on SQLite and PostgreSQL: a signed delivery makes Tally ask the Admin API
// (the stand-in) for the shop's plan and customer accounts again, and the shopper API's `program.redeemAt` follows
// without a reinstall; a redelivery changes nothing more; a body about another shop, a malformed body or a bad
// signature is refused and writes nothing (docs/decisions/049-where-to-redeem-on-every-surface.md).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { afterInstall } from "~/admin/shop-profile.server";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

type Version = "CLASSIC" | "NEW_CUSTOMER_ACCOUNTS";

function shopIs(shopifyPlus: boolean, version: Version) {
  adminApi.store.reset();
  adminApi.store.setShop(SHOP, { query: { shop: { name: "Plan shop", currencyCode: "USD", plan: { shopifyPlus }, customerAccountsV2: { customerAccountsVersion: version } } } });
}

/** The REST Shop resource as shop/update delivers it (the fields Tally reads, and a few it does not). */
const shopBody = (planName: string, domain = SHOP) => ({ id: 548380009, name: "Plan shop", myshopify_domain: domain, domain: "shop.example", plan_name: planName, plan_display_name: planName, currency: "USD" });

describe.each(testDatabaseKinds())("shop/update on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 1);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  // Every test starts from a Basic shop with classic accounts, as its install read it.
  beforeEach(async () => {
    shopIs(false, "CLASSIC");
    await afterInstall(t.db, await offlineAdmin(t.db, SHOP), SHOP);
  });

  const summaryRedeemAt = async () => (await (await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: "1" })))).json()).program.redeemAt;
  const widgetRedeemAt = async () => (await (await app(proxyRequest("customer", { shop: SHOP, customerId: "1" }))).json()).program.redeemAt;
  const surfaces = () => t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP }, select: { shopifyPlus: true, customerAccounts: true } });
  const profileReads = () => adminApi.store.requests.filter((request) => request.operationName === "ShopProfile").length;

  it("moves redeemAt to checkout and the account when the shop goes to Plus with new accounts, and a redelivery changes nothing", async () => {
    expect(await summaryRedeemAt()).toEqual([]);
    shopIs(true, "NEW_CUSTOMER_ACCOUNTS");
    const delivery = () => signedWebhook("/webhooks/shop/update", "shop/update", shopBody("shopify_plus"), { shop: SHOP, webhookId: "shop-update-1" });

    expect((await app(delivery())).status).toBe(200);
    expect(await surfaces()).toEqual({ shopifyPlus: true, customerAccounts: "new" });
    expect(await summaryRedeemAt()).toEqual(["checkout", "account"]);
    expect(await widgetRedeemAt()).toEqual(["checkout", "account"]);

    expect((await app(delivery())).status).toBe(200);
    expect(await surfaces()).toEqual({ shopifyPlus: true, customerAccounts: "new" });
    expect(await summaryRedeemAt()).toEqual(["checkout", "account"]);
  });

  it("takes checkout away when the shop leaves Plus, whatever plan_name says, by asking the Admin API", async () => {
    shopIs(true, "CLASSIC");
    await app(signedWebhook("/webhooks/shop/update", "shop/update", shopBody("shopify_plus"), { shop: SHOP }));
    expect(await summaryRedeemAt()).toEqual(["checkout"]);

    shopIs(false, "NEW_CUSTOMER_ACCOUNTS");
    // The payload still claims Plus: the Admin API's answer decides.
    expect((await app(signedWebhook("/webhooks/shop/update", "shop/update", shopBody("shopify_plus"), { shop: SHOP }))).status).toBe(200);
    expect(profileReads()).toBe(1);
    expect(await summaryRedeemAt()).toEqual(["account"]);
  });

  it("refuses a body about another shop with 400, asking Shopify nothing and writing nothing", async () => {
    shopIs(true, "NEW_CUSTOMER_ACCOUNTS");
    const response = await app(signedWebhook("/webhooks/shop/update", "shop/update", shopBody("shopify_plus", "other-shop.myshopify.com"), { shop: SHOP }));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("other-shop.myshopify.com");
    expect(profileReads()).toBe(0);
    expect(await surfaces()).toEqual({ shopifyPlus: false, customerAccounts: "classic" });
  });

  it("refuses a malformed body with 400 naming the field, and a bad signature with 401; nothing changes", async () => {
    shopIs(true, "NEW_CUSTOMER_ACCOUNTS");
    const malformed = await app(signedWebhook("/webhooks/shop/update", "shop/update", { id: 548380009, plan_name: "shopify_plus" }, { shop: SHOP }));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toContain("myshopify_domain");
    const forged = await app(signedWebhook("/webhooks/shop/update", "shop/update", shopBody("shopify_plus"), { shop: SHOP, secret: "not-the-secret" }));
    expect(forged.status).toBe(401);
    expect(profileReads()).toBe(0);
    expect(await surfaces()).toEqual({ shopifyPlus: false, customerAccounts: "classic" });
    expect(await summaryRedeemAt()).toEqual([]);
  });

  it("leaves an uninstalled shop as it was: its profile is read at the next install", async () => {
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: new Date() } });
    shopIs(true, "NEW_CUSTOMER_ACCOUNTS");
    expect((await app(signedWebhook("/webhooks/shop/update", "shop/update", shopBody("shopify_plus"), { shop: SHOP }))).status).toBe(200);
    expect(profileReads()).toBe(0);
    expect(await surfaces()).toEqual({ shopifyPlus: false, customerAccounts: "classic" });
  });
});
