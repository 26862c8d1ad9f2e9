// Reconciling every shop: only shops Tally can reach (an offline session, not uninstalled) are read, one shop's
// failure does not stop the others, and in production the admin client comes from shopify.server.ts's
// `unauthenticated.admin` with the shop's stored offline session.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { reachableShops, reconcileShops } from "~/jobs/reconcile-shops.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { adminOrder } from "../support/admin-orders";
import { adminApi } from "../support/admin-api-standin";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession, testShopifyApp } from "../support/offline-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-05-10T12:00:00Z");
const FAILING = "second-shop.myshopify.com";
const UNINSTALLED = "uninstalled-shop.myshopify.com";
const NO_SESSION = "no-session-shop.myshopify.com";

function oneOrder(id: number) {
  return [adminOrder({ id, updatedAt: "2026-05-10T08:00:00Z", subtotal: "40.00", lines: [{ id, unitPrice: "40.00" }] })];
}

describe.each(testDatabaseKinds())("reconciling every shop on %s", (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 1);
    await storeOfflineSession(t.db, SHOP);
    for (const domain of [FAILING, UNINSTALLED, NO_SESSION]) await upsertShop(t.db.prisma, { domain, name: domain, currencyCode: "USD" });
    await storeOfflineSession(t.db, FAILING);
    await storeOfflineSession(t.db, UNINSTALLED);
    await t.db.prisma.shop.update({ where: { domain: UNINSTALLED }, data: { uninstalledAt: NOW } });
  });
  afterAll(() => t.destroy());

  beforeEach(async () => {
    adminApi.store.reset();
    await t.db.prisma.webhookDelivery.deleteMany({});
    await t.db.prisma.shop.updateMany({ data: { ordersReconciledAt: null } });
  });

  it("reads the shops with an offline session that have not uninstalled", async () => {
    expect(await reachableShops(t.db)).toEqual([FAILING, SHOP]);
  });

  it("carries on past a shop that fails, and reports it", async () => {
    adminApi.store.setShop(SHOP, { query: { orders: oneOrder(501) } });
    adminApi.store.setShop(FAILING, {
      query: {
        orders: () => {
          throw new Error("Internal error. Looks like something went wrong on our end.");
        },
      },
    });
    const app = testShopifyApp(t.db);

    const results = await reconcileShops(t.db, NOW, async (shop) => (await app.unauthenticated.admin(shop)).admin);

    expect(results.map((result) => [result.shop, result.ok])).toEqual([
      [FAILING, false],
      [SHOP, true],
    ]);
    const failed = results[0];
    expect(failed && !failed.ok && String(failed.error)).toContain("RecentOrders: Internal error");
    expect((await t.db.prisma.webhookDelivery.findMany()).map((row) => [row.shop, row.id])).toEqual([[SHOP, "reconcile:orders/paid:501"]]);
    expect(new Set(adminApi.store.requests.map((request) => request.shop))).toEqual(new Set([SHOP, FAILING]));
  });

  it("gets each shop's client from shopify.server's unauthenticated.admin and its stored offline session", async () => {
    adminApi.store.setShop(SHOP, { query: { orders: oneOrder(601) } });
    adminApi.store.setShop(FAILING, { query: { orders: oneOrder(602) } });
    // shopify.server.ts reads its configuration and database once per module instance: load a fresh one on
    // this test's database.
    vi.stubEnv("DATABASE_URL", t.url);
    vi.stubEnv("NODE_ENV", "test");
    vi.resetModules();
    try {
      const { runDueJobs } = await import("~/jobs/job-runner.server");
      const { shopifyJobDependencies } = await import("~/jobs/shopify-job-dependencies.server");
      // The webhook queue is left alone here (its deliveries are checked below, still queued): no other jobs.
      const { reconcileShops } = await import("~/jobs/reconcile-shops.server");
      const adminFor = shopifyJobDependencies.adminFor;
      if (!adminFor) throw new Error("production job dependencies carry no Admin API");

      const results = await reconcileShops(t.db, NOW, adminFor);

      expect(results.every((result) => result.ok)).toBe(true);
      expect((await t.db.prisma.webhookDelivery.findMany({ orderBy: { id: "asc" } })).map((row) => [row.shop, row.id])).toEqual([
        [SHOP, "reconcile:orders/paid:601"],
        [FAILING, "reconcile:orders/paid:602"],
      ]);
      // One request per shop, each to its own shop domain.
      expect(adminApi.store.requests.map((request) => [request.shop, request.operationName])).toEqual([
        [FAILING, "RecentOrders"],
        [SHOP, "RecentOrders"],
      ]);
      // The job runner reconciles each shop at most once an hour, then works what it queued.
      const run = await runDueJobs(t.db, NOW, shopifyJobDependencies);
      expect(run.reconciled).toEqual({ shops: 0, failed: 0 });
      expect(run.deliveries).toEqual({ processed: 2, failed: 0 });
      const hourLater = new Date(NOW.getTime() + 61 * 60_000);
      expect((await runDueJobs(t.db, hourLater, shopifyJobDependencies)).reconciled).toEqual({ shops: 2, failed: 0 });
    } finally {
      await globalThis.__tallyDatabases?.get(t.url)?.close();
      globalThis.__tallyDatabases?.delete(t.url);
      vi.unstubAllEnvs();
    }
  });
});
