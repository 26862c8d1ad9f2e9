// Drives the built app's webhook routes the way Shopify does, against a test database, and works the queue the
// way the app's worker would after answering.
import { afterInstall } from "~/admin/shop-profile.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { defaultProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { loadBuiltApp, type AppHandler } from "./built-app";
import { offlineAdmin } from "./offline-admin";
import { signedWebhook, TEST_API_SECRET } from "./shopify-requests";
import type { TestDatabase } from "./test-database";

export interface WebhookHarness {
  app: AppHandler;
  /** Installs the shop as Shopify's install does: an offline session, then afterAuth's afterInstall. */
  install(shop: string): Promise<void>;
  send(shop: string, topic: string, payload: unknown, options?: { webhookId?: string; hmac?: string }): Promise<Response>;
  /** Works the queue until nothing is due, at `now` (an injected clock). */
  work(now?: Date): Promise<{ processed: number; failed: number }>;
  balances(shop: string, customerId: string | number): Promise<{ posted: number; pendingCredit: number; pendingDebit: number; available: number; lifetimeEarned: number } | null>;
  useProgram(shop: string, change: (rules: ProgramRules) => void): Promise<void>;
}

export async function webhookHarness(t: TestDatabase): Promise<WebhookHarness> {
  // The app's own worker is off: the test decides when the queue is worked, as a restarted app or cron would.
  const app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  return {
    app,
    install: (shop) => installShop(t, shop),
    send: (shop, topic, payload, options = {}) => app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop, ...options })),
    work: (now) => processDueDeliveries(t.db, () => now ?? new Date()),
    async balances(shop, customerId) {
      const member = await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop, customerId: String(customerId) } }, include: { balance: true } });
      if (!member) return null;
      const b = member.balance;
      return { posted: b?.posted ?? 0, pendingCredit: b?.pendingCredit ?? 0, pendingDebit: b?.pendingDebit ?? 0, available: b?.available ?? 0, lifetimeEarned: b?.lifetimeEarned ?? 0 };
    },
    async useProgram(shop, change) {
      const rules = defaultProgramRules();
      change(rules);
      await t.db.prisma.shop.upsert({
        where: { domain: shop },
        create: { domain: shop, name: shop, currencyCode: "USD", programRules: JSON.stringify(rules) },
        update: { programRules: JSON.stringify(rules) },
      });
    },
  };
}

/**
 * The shop as an install leaves it: its offline session, its row read from the Admin API (the stand-in), and its
 * customer metafield definitions.
 */
export async function installShop(t: TestDatabase, shop: string): Promise<void> {
  await afterInstall(t.db, await offlineAdmin(t.db, shop), shop);
}
