// Each thread's CPU in /metrics (tally_thread_cpu_seconds_total, docs/operations.md), through the production server
// (server.mjs, a child process) on SQLite and PostgreSQL: the main thread, the settlement thread and, on SQLite, the
// checkpoint thread each have their series, read from their own thread in /proc: the settlement thread's grows as it
// settles deliveries, it is not the main thread's, and no thread shows more than the whole process used.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpuSecondsOfStat } from "~/operations/thread-cpu";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { parsePrometheusText, type Scrape } from "../support/prometheus-text";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { untilTrue } from "../support/until";

const SHOP = "thread-cpu.myshopify.com";
const TOKEN = "thread-cpu-metrics-token-0123456789";
const ORDERS = 150;
const CPU = "tally_thread_cpu_seconds_total";
/** /proc counts in ticks of 10 ms, read a moment apart from the scrape. */
const TICKS = 0.1;

/** Every thread of the server process and its CPU seconds, by thread id, as /proc has them now. */
function tasksOf(pid: number): Map<number, number> {
  const tasks = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const seconds = cpuSecondsOfStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
    if (seconds !== null) tasks.set(Number(tid), seconds);
  }
  return tasks;
}

/** The thread whose CPU is nearest `seconds`. */
function nearest(tasks: Map<number, number>, seconds: number): number {
  return [...tasks].reduce((best, task) => (Math.abs(task[1] - seconds) < Math.abs(best[1] - seconds) ? task : best))[0];
}

describe.runIf(process.platform === "linux").each(testDatabaseKinds())("each thread's CPU in /metrics, on %s", (kind) => {
  let t: TestDatabase;
  let server: ServerProcess;
  let origin: string;
  let before: Scrape;
  let after: Scrape;
  let tasks: Map<number, number>;
  /** The whole process's CPU seconds since it started, all its threads together. */
  let processSeconds: number;

  async function scrape(): Promise<Scrape> {
    const response = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  }

  beforeAll(async () => {
    requireBuild();
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Thread CPU shop", currencyCode: "USD" });
    const port = await freePort();
    server = spawnServer({ ...productionEnv(t.url), PORT: String(port), TALLY_METRICS_TOKEN: TOKEN });
    await waitUntilListening(server);
    origin = `http://127.0.0.1:${port}`;
    // The thread tells its id once it has loaded the build; on SQLite it also takes the intake's batches from then on.
    await untilTrue("the settlement thread's CPU in /metrics", async () => (await scrape()).value(CPU, { thread: "settlement" }) !== undefined, 30_000);
    if (kind === "sqlite") await untilTrue("the settlement thread taking the intake's batches", async () => server.output().stdout.includes("stores the intake's deliveries on its connection"), 30_000);
    before = await scrape();

    for (let id = 1; id <= ORDERS; id++) {
      const request = signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id, customer: { id }, subtotal: "40.00" }), { shop: SHOP, webhookId: `thread-cpu-${id}` });
      const response = await fetch(`${origin}/webhooks/orders/paid`, { method: "POST", headers: request.headers, body: await request.text() });
      expect(response.status).toBe(200);
    }
    await untilTrue("every delivery settled and counted", async () => ((await scrape()).value("tally_webhook_deliveries_settled_total", { topic: "orders/paid" }) ?? 0) >= ORDERS, 60_000);
    after = await scrape();
    tasks = tasksOf(server.child.pid as number);
    processSeconds = cpuSecondsOfStat(readFileSync(`/proc/${server.child.pid}/stat`, "utf8")) ?? 0;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  it("shows the main thread, the settlement thread and, on SQLite only, the checkpoint thread", () => {
    expect(after.value(CPU, { thread: "main" })).toBeGreaterThan(0);
    expect(after.value(CPU, { thread: "settlement" })).toBeGreaterThan(0);
    if (kind === "sqlite") expect(after.value(CPU, { thread: "checkpoint" })).toBeGreaterThanOrEqual(0);
    else expect(after.value(CPU, { thread: "checkpoint" })).toBeUndefined();
  });

  it("counts the settlement thread's work on the settlement thread, not on the main one", () => {
    const settlement = after.value(CPU, { thread: "settlement" }) ?? 0;
    expect(settlement).toBeGreaterThan(before.value(CPU, { thread: "settlement" }) ?? 0);
    const pid = server.child.pid as number;
    expect(nearest(tasks, settlement)).not.toBe(pid);
    expect(nearest(tasks, after.value(CPU, { thread: "main" }) ?? 0)).toBe(pid);
    expect(Math.abs((tasks.get(pid) ?? 0) - (after.value(CPU, { thread: "main" }) ?? 0))).toBeLessThan(TICKS);
  });

  it("shows no more CPU in its threads than the process used", () => {
    const threads = ["main", "settlement", "checkpoint"].reduce((sum, thread) => sum + (after.value(CPU, { thread }) ?? 0), 0);
    expect(threads).toBeGreaterThan(0);
    expect(threads).toBeLessThanOrEqual(processSeconds + TICKS);
  });
});
