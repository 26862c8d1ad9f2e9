// Admin API clients for tests, made the way production makes them: the Remix SDK's `unauthenticated.admin(shop)`
// over the shop's offline session in Tally's own session table. Its requests go to the Admin API stand-in
// (test/support/admin-api-standin.ts), through the SDK's real HTTP client.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp, type AdminApiContext } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { TallyDatabase } from "~/db/database.server";

/** Stores an offline session for the shop, as Shopify's token exchange leaves one at install. */
export async function storeOfflineSession(db: TallyDatabase, shop: string): Promise<void> {
  await db.prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: "read_orders,read_customers", accessToken: `shpat_test_${shop}` },
    update: {},
  });
}

/** The SDK configured as app/shopify.server.ts configures it, with its sessions in `db`. */
export function testShopifyApp(db: TallyDatabase) {
  return shopifyApp({
    apiKey: "tally-test-key",
    apiSecretKey: "tally-test-secret",
    apiVersion: ApiVersion.April26,
    scopes: ["read_orders", "read_customers"],
    appUrl: "https://tally.example.com",
    authPathPrefix: "/auth",
    sessionStorage: new PrismaSessionStorage(db.prisma),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    logger: { level: LogSeverity.Error },
  });
}

/** The shop's Admin API client from its offline session (stored first if missing). */
export async function offlineAdmin(db: TallyDatabase, shop: string): Promise<AdminApiContext> {
  await storeOfflineSession(db, shop);
  return (await testShopifyApp(db).unauthenticated.admin(shop)).admin;
}
