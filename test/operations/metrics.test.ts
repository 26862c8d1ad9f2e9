// GET /metrics through the built app, with the app's own worker and job runner on as in production, on SQLite and
// PostgreSQL: only the operator's scraper may read it, and its counters move with what really happens — signed
// webhooks taken in, stored, settled into points (the latency histogram with them) or failing, the queue's depth
// and age read from the database, and the job runner's runs and failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, stopBackgroundJobs, type AppHandler } from "../support/built-app";
import { consoleErrorSpy } from "../support/fail-on-console-error";
import { parsePrometheusText, type Scrape } from "../support/prometheus-text";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { until } from "../support/until";

const SHOP = "metrics.myshopify.com";
const TOKEN = "metrics-token-for-the-tests-0123456789abcdef";
const PAID = { topic: "orders/paid" };

describe.each(testDatabaseKinds())("/metrics on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  const open = () => loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "1", TALLY_METRICS_TOKEN: TOKEN });

  async function scrape(from: AppHandler = app): Promise<Scrape> {
    const response = await from(new Request("http://localhost/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  }

  const send = (id: number, webhookId: string, options: { hmac?: string } = {}) =>
    app(signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id, customer: { id }, subtotal: "25.00" }), { shop: SHOP, webhookId, ...options }));

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Metrics shop", currencyCode: "USD" });
    stopBackgroundJobs();
    app = await open();
  });
  afterAll(async () => {
    stopBackgroundJobs();
    await t.destroy();
  });

  it("answers only the scraper holding the token, and names no shop", async () => {
    expect((await app(new Request("http://localhost/metrics"))).status).toBe(401);
    const wrong = await app(new Request("http://localhost/metrics", { headers: { Authorization: "Bearer not-the-token" } }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect(await wrong.json()).toEqual({ error: "GET /metrics needs the header Authorization: Bearer <TALLY_METRICS_TOKEN>." });

    const metrics = await scrape();
    expect(metrics.value("tally_webhook_deliveries_received_total", PAID)).toBe(0);
    expect(metrics.value("tally_webhook_queue_depth")).toBe(0);
    expect(metrics.text).not.toContain(SHOP);
  });

  it("counts deliveries received, stored and settled by topic, and their delivery-to-points latency", async () => {
    const before = await scrape();
    expect(before.value("tally_delivery_to_points_seconds_count", PAID)).toBe(0);

    for (const id of [1, 2, 3]) expect((await send(id, `metrics-${id}`)).status).toBe(200);
    expect((await send(1, "metrics-1")).status).toBe(200); // Shopify's redelivery: received, not stored again
    expect((await send(4, "metrics-4", { hmac: "forged" })).status).toBe(401); // received, refused

    await until(
      "settling the three orders",
      () => t.sql<{ done: number | string }>(`SELECT COUNT(*) AS done FROM webhook_deliveries WHERE status = 'done'`),
      (rows) => Number(rows[0]?.done) === 3,
    );
    const member = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "1" } }, include: { balance: true } });
    expect((member.balance?.posted ?? 0) + (member.balance?.pendingCredit ?? 0)).toBeGreaterThan(0);

    const after = await scrape();
    expect(after.value("tally_webhook_deliveries_received_total", PAID)).toBe(5);
    expect(after.value("tally_webhook_deliveries_stored_total", PAID)).toBe(3);
    expect(after.value("tally_webhook_deliveries_settled_total", PAID)).toBe(3);
    expect(after.value("tally_webhook_deliveries_settled_total", { topic: "refunds/create" })).toBe(0);
    expect(after.value("tally_delivery_to_points_seconds_count", PAID)).toBe(3);
    expect(after.value("tally_delivery_to_points_seconds_bucket", { ...PAID, le: "+Inf" })).toBe(3);
    expect(after.value("tally_delivery_to_points_seconds_sum", PAID)).toBeGreaterThan(0);
    expect(after.value("tally_webhook_queue_depth")).toBe(0);
  });

  it("reads the queue's depth and its oldest delivery's age from the database at each scrape", async () => {
    // Another instance's delivery, waiting for five minutes and not due yet: only the database knows of it.
    const receivedAt = new Date(Date.now() - 5 * 60_000);
    await t.db.prisma.webhookDelivery.create({
      data: { id: "metrics-waiting", shop: SHOP, topic: "orders/paid", payload: "{}", status: "queued", attempts: 1, receivedAt, runAfter: new Date(Date.now() + 3_600_000) },
    });
    const waiting = await scrape();
    expect(waiting.value("tally_webhook_queue_depth")).toBe(1);
    expect(waiting.value("tally_webhook_queue_oldest_age_seconds")).toBeGreaterThanOrEqual(300);

    await t.sql(`UPDATE webhook_deliveries SET status = 'done', payload = NULL WHERE id = 'metrics-waiting'`);
    const caughtUp = await scrape();
    expect(caughtUp.value("tally_webhook_queue_depth")).toBe(0);
    expect(caughtUp.value("tally_webhook_queue_oldest_age_seconds")).toBe(0);
  });

  it("counts a delivery whose work fails", async () => {
    if (kind === "sqlite") {
      await t.sql(`CREATE TRIGGER refuse_order_9 BEFORE INSERT ON orders FOR EACH ROW WHEN NEW.order_id = '9' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    } else {
      await t.sql(`CREATE FUNCTION refuse_order_9() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
      await t.sql(`CREATE TRIGGER refuse_order_9 BEFORE INSERT ON orders FOR EACH ROW WHEN (NEW.order_id = '9') EXECUTE FUNCTION refuse_order_9()`);
    }
    expect((await send(9, "metrics-9")).status).toBe(200);
    const failed = await until("the failed attempt", () => scrape(), (metrics) => metrics.value("tally_webhook_delivery_failures_total", PAID) === 1);
    expect(failed.value("tally_webhook_deliveries_settled_total", PAID)).toBe(3);
    expect(failed.value("tally_webhook_queue_depth")).toBe(1); // waiting for its retry
    await t.sql(`UPDATE webhook_deliveries SET status = 'done', payload = NULL WHERE id = 'metrics-9'`);
  });

  it("counts the job runner's runs and, when a job fails, its failure, told in a log line on stderr", async () => {
    await until("the job runner's first run", () => scrape(), (metrics) => (metrics.value("tally_job_runs_total", { job: "webhook queue" }) ?? 0) >= 1);

    // The next app's first run finds the queue's table refusing every change: the "webhook queue" job fails.
    if (kind === "sqlite") {
      await t.sql(`CREATE TRIGGER refuse_claims BEFORE UPDATE ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'claims refused'); END`);
    } else {
      await t.sql(`CREATE FUNCTION refuse_claims() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'claims refused'; END $$`);
      await t.sql(`CREATE TRIGGER refuse_claims BEFORE UPDATE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_claims()`);
    }
    await t.db.prisma.webhookDelivery.create({
      data: { id: "metrics-due", shop: SHOP, topic: "orders/paid", payload: JSON.stringify(orderPayload({ id: 10, customer: { id: 10 }, subtotal: "5.00" })), status: "queued", attempts: 0, receivedAt: new Date(), runAfter: new Date() },
    });
    const reported: string[] = [];
    const usual = consoleErrorSpy.getMockImplementation();
    consoleErrorSpy.mockImplementation((...args: unknown[]) => void reported.push(args.map(String).join(" ")));
    try {
      stopBackgroundJobs();
      const second = await open();
      // The run goes on past the failing job to its end.
      const metrics = await until("the run with the failing job", () => scrape(second), (scraped) => scraped.value("tally_job_runner_runs_completed_total") === 1);
      expect(metrics.value("tally_job_failures_total", { job: "webhook queue" })).toBe(1);
      expect(metrics.value("tally_job_runs_total", { job: "points expiry" })).toBe(1);
      expect(metrics.value("tally_job_failures_total", { job: "points expiry" }) ?? 0).toBe(0);
    } finally {
      consoleErrorSpy.mockImplementation(usual ?? (() => undefined));
      stopBackgroundJobs();
      await t.sql(kind === "sqlite" ? `DROP TRIGGER refuse_claims` : `DROP TRIGGER refuse_claims ON webhook_deliveries`);
    }
    const line = reported.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.job === "webhook queue");
    expect(line).toMatchObject({ level: 50, service: "tally", job: "webhook queue", shop: "every shop" });
    // The driver's error, as its type and message (the trigger's refusal, or SQLite's wording of it under load).
    expect(line?.err).toMatchObject({ type: expect.any(String), message: expect.stringMatching(/\S/) });
    expect(JSON.stringify(line)).not.toContain("@example.com");
  });
});
