// Settlement on its own thread (docs/decisions/052-settlement-beside-the-intake.md), through the production server
// (server.mjs, a child process) on SQLite and PostgreSQL: signed deliveries sent while the thread settles earlier
// ones end in exactly the balances the same deliveries reach when the main thread settles them itself
// (TALLY_SETTLEMENT_THREAD=0), every answer is a 200, the thread's log lines say they are the thread's, and the
// main thread's /metrics counts what the thread settled. The background jobs run on the thread too, and only there
// (docs/decisions/053-background-jobs-beside-the-intake.md). On SQLite the intake hands its batches to the thread,
// which stores them on its own connection, and a thread of its own copies the WAL into the database file
// (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { parsePrometheusText } from "../support/prometheus-text";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { untilTrue } from "../support/until";

const SHOP = "settlement-thread.myshopify.com";
const TOKEN = "settlement-thread-metrics-token-0123456789";
const CUSTOMERS = [301, 302, 303, 304, 305, 306];

type LogLine = Record<string, unknown> & { msg: string };

interface Delivery {
  path: string;
  topic: string;
  payload: unknown;
  webhookId: string;
}

/**
 * Each customer's deliveries, in the order Shopify would send them: the account, orders whose spend climbs to
 * Silver and then Gold (each earns at the tier the earlier ones made), a refund of the first between them and
 * the cancellation of the second at the end, which drops the member back to Silver. Their points depend on being
 * settled in this order.
 */
function deliveriesOf(customer: number): Delivery[] {
  const order = (n: number, subtotal: string, extra: Record<string, unknown> = {}) => ({ ...orderPayload({ id: customer * 10 + n, customer: { id: customer }, subtotal }), ...extra });
  return [
    { path: "/webhooks/customers/create", topic: "customers/create", payload: customerPayload({ id: customer }), webhookId: `c-${customer}` },
    { path: "/webhooks/orders/paid", topic: "orders/paid", payload: order(1, "180.00"), webhookId: `o1-${customer}` },
    { path: "/webhooks/orders/paid", topic: "orders/paid", payload: order(2, "420.00"), webhookId: `o2-${customer}` },
    { path: "/webhooks/orders/paid", topic: "orders/paid", payload: order(3, "650.00"), webhookId: `o3-${customer}` },
    { path: "/webhooks/refunds/create", topic: "refunds/create", payload: refundPayload({ id: customer * 10 + 1, orderId: customer * 10 + 1, lines: [{ subtotal: "180.00" }] }), webhookId: `r1-${customer}` },
    { path: "/webhooks/orders/paid", topic: "orders/paid", payload: order(4, "500.00"), webhookId: `o4-${customer}` },
    { path: "/webhooks/orders/cancelled", topic: "orders/cancelled", payload: order(2, "420.00", { cancelled_at: "2026-11-21T12:00:00-05:00" }), webhookId: `x2-${customer}` },
  ];
}

interface Run {
  balances: Record<string, { posted: number; lifetimeEarned: number; tier: string | null }>;
  lines: LogLine[];
  metrics: ReturnType<typeof parsePrometheusText>;
  /** SQLite: the settled deliveries found in the database file alone, without its WAL, once that stopped changing. */
  settledInTheFile?: number;
}

/** The settled deliveries in a copy of the SQLite file without its WAL: what checkpoints have copied into it. */
function settledInTheFile(file: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), "tally-file-alone-"));
  try {
    const copy = path.join(dir, "copy.sqlite");
    copyFileSync(file, copy);
    const raw = new Database(copy);
    try {
      return (raw.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE shop = ? AND status = 'done'").get(SHOP) as { n: number }).n;
    } finally {
      raw.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the server on a fresh database, sends every customer's deliveries (the customers side by side), waits until all are settled. */
async function run(kind: TestDatabase["kind"], serverEnv: Record<string, string>): Promise<Run> {
  const t = await createTestDatabase(kind);
  let server: ServerProcess | undefined;
  try {
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Settlement thread shop", currencyCode: "USD" });
    const port = await freePort();
    server = spawnServer({
      ...productionEnv(t.url),
      PORT: String(port),
      LOG_LEVEL: "debug",
      TALLY_METRICS_TOKEN: TOKEN,
      ...serverEnv,
    });
    await waitUntilListening(server);
    const origin = `http://127.0.0.1:${port}`;
    const threadStores = kind === "sqlite" && serverEnv.TALLY_SETTLEMENT_THREAD !== "0";
    // Until the thread has opened its connection the intake stores on its own; the deliveries go after that.
    if (threadStores) await untilTrue("the settlement thread taking the intake's batches", async () => server?.output().stdout.includes("stores the intake's deliveries on its connection") ?? false, 30_000);

    const statuses: number[] = [];
    await Promise.all(
      CUSTOMERS.map(async (customer) => {
        for (const delivery of deliveriesOf(customer)) {
          const request = signedWebhook(delivery.path, delivery.topic, delivery.payload, { shop: SHOP, webhookId: delivery.webhookId });
          const response = await fetch(`${origin}${delivery.path}`, { method: "POST", headers: request.headers, body: await request.text() });
          statuses.push(response.status);
        }
      }),
    );
    expect(statuses).toEqual(statuses.map(() => 200));
    const total = CUSTOMERS.length * deliveriesOf(0).length;
    await untilTrue("every delivery settled", async () => (await t.db.prisma.webhookDelivery.count({ where: { shop: SHOP, status: "done" } })) === total, 60_000);

    // The thread tells the main thread what it settled after each commit, by message: the counters follow the
    // queue by a moment.
    const scrape = async () => {
      const response = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      return parsePrometheusText(await response.text());
    };
    const counted = (scraped: ReturnType<typeof parsePrometheusText>) =>
      ["orders/paid", "refunds/create", "orders/cancelled", "customers/create"].reduce((sum, topic) => sum + (scraped.value("tally_webhook_deliveries_settled_total", { topic }) ?? 0), 0);
    let metrics = await scrape();
    await untilTrue("every settled delivery counted in /metrics", async () => counted((metrics = await scrape())) >= total, 10_000);
    // The background jobs' first run comes a second after the start, on the thread or, with it off, the main thread.
    await untilTrue("the background jobs' first run", async () => server?.output().stdout.includes('"msg":"background jobs ran"') ?? false, 10_000);
    // Its end is counted by message too, from the thread.
    await untilTrue("the first run's end counted in /metrics", async () => ((metrics = await scrape()).value("tally_job_runner_runs_completed_total") ?? 0) >= 1, 10_000);
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP }, include: { balance: true } });
    const balances = Object.fromEntries(members.map((m) => [m.customerId, { posted: m.balance?.posted ?? 0, lifetimeEarned: m.balance?.lifetimeEarned ?? 0, tier: m.tier }]));
    let inTheFile: number | undefined;
    if (kind === "sqlite") {
      const file = t.url.replace(/^file:/, "");
      await untilTrue("the settled deliveries in the database file itself", async () => (inTheFile = settledInTheFile(file)) === total, threadStores ? 10_000 : 1_000).catch(() => undefined);
    }
    const lines = server
      .output()
      .stdout.split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as LogLine);
    return { balances, lines, metrics, settledInTheFile: inTheFile };
  } finally {
    await server?.stop();
    await t.destroy();
  }
}

describe.each(testDatabaseKinds())("settlement on its own thread on %s", (kind) => {
  let threaded: Run;
  let inline: Run;

  beforeAll(async () => {
    requireBuild();
    threaded = await run(kind, {});
    inline = await run(kind, { TALLY_SETTLEMENT_THREAD: "0" });
  }, 180_000);
  afterAll(() => undefined);

  it("settles on the thread into exactly the balances the main thread reaches, tiers included", () => {
    expect(Object.keys(threaded.balances).sort()).toEqual(CUSTOMERS.map(String).sort());
    expect(threaded.balances).toEqual(inline.balances);
    // The orders climbed the tiers and the cancellation brought the members back to Silver.
    for (const balance of Object.values(threaded.balances)) {
      expect(balance.tier).toBe("silver");
      expect(balance.posted).toBeGreaterThan(0);
    }
  });

  it("logs the thread's settled deliveries as the settlement thread's, and the main thread's as its own", () => {
    const settled = (run: Run) => run.lines.filter((line) => line.msg === "delivery settled");
    expect(settled(threaded)).toHaveLength(CUSTOMERS.length * 7);
    for (const line of settled(threaded)) expect(line).toMatchObject({ thread: "settlement", shop: SHOP });
    expect(settled(inline)).toHaveLength(CUSTOMERS.length * 7);
    for (const line of settled(inline)) expect(line.thread).toBeUndefined();
  });

  it("runs the background jobs on the thread alone, and counts their runs in the main thread's /metrics", () => {
    const jobRuns = (run: Run) => run.lines.filter((line) => line.msg === "background jobs ran");
    expect(jobRuns(threaded)).toHaveLength(1);
    expect(jobRuns(threaded)[0]).toMatchObject({ thread: "settlement" });
    expect(jobRuns(inline)).toHaveLength(1);
    expect(jobRuns(inline)[0]?.thread).toBeUndefined();
    for (const { metrics } of [threaded, inline]) {
      expect(metrics.value("tally_job_runs_total", { job: "loyalty events" })).toBe(1);
      expect(metrics.value("tally_job_runs_total", { job: "webhook queue" })).toBe(1);
      expect(metrics.value("tally_job_runner_runs_completed_total")).toBe(1);
    }
  });

  it("stores every delivery on the thread's connection on SQLite, and on the intake's own otherwise", () => {
    const total = CUSTOMERS.length * 7;
    expect(threaded.metrics.value("tally_webhook_deliveries_stored_total", { topic: "orders/paid" })).toBe(CUSTOMERS.length * 4);
    expect(threaded.metrics.value("tally_webhook_deliveries_stored_by_settlement_thread_total")).toBe(kind === "sqlite" ? total : 0);
    expect(inline.metrics.value("tally_webhook_deliveries_stored_by_settlement_thread_total")).toBe(0);
  });

  it("copies SQLite's WAL into the database file on a thread of its own, every second; PostgreSQL has no such thread", () => {
    const checkpointLines = threaded.lines.filter((line) => line.thread === "checkpoint");
    if (kind === "postgres") {
      expect(checkpointLines).toEqual([]);
      expect(threaded.settledInTheFile).toBeUndefined();
      return;
    }
    // The intake's and the thread's connections never copy it themselves below a gigabyte of WAL.
    expect(threaded.settledInTheFile).toBe(CUSTOMERS.length * 7);
    // With the thread off, the main thread's connection copies it only once the WAL holds 40 MB.
    expect(inline.settledInTheFile).toBe(0);
    expect(checkpointLines.filter((line) => Number(line.level) >= 40)).toEqual([]);
  });

  it("counts what the thread settled in the main thread's /metrics", () => {
    for (const { metrics } of [threaded, inline]) {
      expect(metrics.value("tally_webhook_deliveries_settled_total", { topic: "orders/paid" })).toBe(CUSTOMERS.length * 4);
      expect(metrics.value("tally_webhook_deliveries_settled_total", { topic: "refunds/create" })).toBe(CUSTOMERS.length);
      expect(metrics.value("tally_webhook_deliveries_settled_total", { topic: "orders/cancelled" })).toBe(CUSTOMERS.length);
      expect(metrics.value("tally_webhook_deliveries_settled_total", { topic: "customers/create" })).toBe(CUSTOMERS.length);
      expect(metrics.value("tally_delivery_to_points_seconds_count", { topic: "orders/paid" })).toBe(CUSTOMERS.length * 4);
    }
  });
});
