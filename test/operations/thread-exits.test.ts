// The settlement thread exiting while the app runs (docs/operations.md, tally_thread_exits_total), on SQLite and
// PostgreSQL, through the built app's webhook route: the thread here is one that exits at the first thing it is
// handed (test/support/exiting-settlement-thread.mjs), in place of settlement-thread.mjs. Shopify still gets its
// 200 for every delivery and none is lost or stored twice; the main thread starts the thread again, counts every
// exit in /metrics, and settles the queue itself once the thread is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, stopBackgroundJobs, type AppHandler } from "../support/built-app";
import { parsePrometheusText, type Scrape } from "../support/prometheus-text";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { until } from "../support/until";

const SHOP = "thread-exits.myshopify.com";
const TOKEN = "thread-exits-token-for-the-tests-0123456789";
const EXITING_THREAD = new URL("../support/exiting-settlement-thread.mjs", import.meta.url);
const SETTLEMENT = { thread: "settlement" };

describe.each(testDatabaseKinds())("a settlement thread that exits, on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  const sent: string[] = [];

  async function scrape(): Promise<Scrape> {
    const response = await app(new Request("http://localhost/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  }

  /** One new orders/paid delivery, answered 200. */
  async function sendOne(): Promise<void> {
    const id = 1000 + sent.length;
    const webhookId = `thread-exits-${id}`;
    const response = await app(signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id, customer: { id }, subtotal: "30.00" }), { shop: SHOP, webhookId }));
    expect(response.status, await response.text()).toBe(200);
    sent.push(webhookId);
  }

  /** Sends deliveries until the thread has exited `times` times in all. */
  const sendUntilExits = (times: number) =>
    until(`the settlement thread's exit number ${times}`, async () => {
      await sendOne();
      return (await scrape()).value("tally_thread_exits_total", SETTLEMENT) ?? 0;
    }, (exits) => exits >= times, 20_000);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Thread exits shop", currencyCode: "USD" });
    stopBackgroundJobs();
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "1", TALLY_METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await app.threads.stopSettlementThread();
    stopBackgroundJobs();
    await t.destroy();
  });

  it("answers and keeps every delivery, starts the thread again and counts each exit", async () => {
    expect(app.threads.startSettlementThread(EXITING_THREAD)).toBe(true);
    const before = await scrape();
    expect(before.value("tally_thread_exits_total", SETTLEMENT)).toBe(0);
    expect(before.value("tally_thread_exits_total", { thread: "checkpoint" })).toBe(0);

    await sendUntilExits(1);
    // The second exit is the restarted thread's: it came back within the wait.
    await sendUntilExits(2);

    // Every delivery answered is in the queue, once; Shopify's redelivery of one the thread had in hand is not new.
    const stored = async () => (await t.db.prisma.webhookDelivery.findMany({ where: { shop: SHOP }, select: { id: true } })).map((row) => row.id).sort();
    expect(await stored()).toEqual([...sent].sort());
    const storedCount = (await scrape()).value("tally_webhook_deliveries_stored_total", { topic: "orders/paid" });
    expect(storedCount).toBe(sent.length);
    const first = sent[0] as string;
    const again = await app(signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id: 1000, customer: { id: 1000 }, subtotal: "30.00" }), { shop: SHOP, webhookId: first }));
    expect(again.status).toBe(200);
    expect((await scrape()).value("tally_webhook_deliveries_stored_total", { topic: "orders/paid" })).toBe(storedCount);
    // The checkpoint thread stayed up; a stop at shutdown is not an exit.
    expect((await scrape()).value("tally_thread_exits_total", { thread: "checkpoint" })).toBe(0);
    const exits = (await scrape()).value("tally_thread_exits_total", SETTLEMENT);
    await app.threads.stopSettlementThread();
    expect((await scrape()).value("tally_thread_exits_total", SETTLEMENT)).toBe(exits);

    // With the thread gone, the main thread settles: the next delivery's kick works the whole queue.
    await sendOne();
    await until(
      "the main thread settling every delivery",
      () => t.db.prisma.webhookDelivery.count({ where: { shop: SHOP, status: "done" } }),
      (done) => done === sent.length,
    );
    const members = await t.db.prisma.member.count({ where: { shop: SHOP } });
    expect(members).toBe(sent.length);
  });
});
