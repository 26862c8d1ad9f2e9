// SQLite's WAL file after writes that never paused (docs/decisions/062-the-wal-file-is-cut-back-once-writes-stop.md),
// through the production server (server.mjs, a child process): a burst of signed orders keeps the settlement
// thread writing transaction after transaction until the queue is empty, and the -wal file grows far past 64 MB.
// Once the burst is settled and writes stop, the checkpoint thread cuts the file instead of leaving it at its
// largest size on the merchant's disk; every order still earns its points. PostgreSQL has no such file.
import { existsSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { parsePrometheusText } from "../support/prometheus-text";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "wal-file.myshopify.com";
const TOKEN = "wal-file-metrics-token-0123456789abcdef";
const LIMIT_BYTES = 64 * 1024 * 1024;
/** Enough orders, each for a customer of its own, that settling them writes well over 64 MB of WAL. */
const ORDERS = { sqlite: 3_000, postgres: 40 } as const;
const SENDERS = 16;

interface Burst {
  orders: number;
  purchases: number;
  membersWithPoints: number;
  /** SQLite: the -wal file's largest size while the burst was settled, and its size once writes stopped. */
  walLargest?: number;
  walAfter?: number;
  errors: string[];
}

async function until(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function burst(kind: TestDatabase["kind"]): Promise<Burst> {
  const t = await createTestDatabase(kind);
  let server: ServerProcess | undefined;
  try {
    await upsertShop(t.db.prisma, { domain: SHOP, name: "WAL file shop", currencyCode: "USD" });
    const port = await freePort();
    server = spawnServer({ ...productionEnv(t.url), PORT: String(port), TALLY_METRICS_TOKEN: TOKEN });
    await waitUntilListening(server);
    const origin = `http://127.0.0.1:${port}`;
    if (kind === "sqlite") {
      await until("the settlement thread taking the intake's batches", async () => server?.output().stdout.includes("stores the intake's deliveries on its connection") ?? false, 30_000);
    }
    const send = async (path: string, topic: string, payload: unknown, webhookId: string) => {
      const request = signedWebhook(path, topic, payload, { shop: SHOP, webhookId });
      return (await fetch(`${origin}${path}`, { method: "POST", headers: request.headers, body: await request.text() })).status;
    };
    // Read from /metrics (the main thread's counters) and the file system only: a reader of the database would
    // itself keep the WAL from starting over.
    const settled = async (topic: string) => {
      const response = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      return parsePrometheusText(await response.text()).value("tally_webhook_deliveries_settled_total", { topic }) ?? 0;
    };
    const wal = `${t.url.replace(/^file:/, "")}-wal`;
    const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);

    const orders = ORDERS[kind];
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < orders) {
          const n = next++;
          const payload = orderPayload({ id: 9_000_000 + n, customer: { id: 7_000_000 + n }, subtotal: "120.00" });
          statuses.push(await send("/webhooks/orders/paid", "orders/paid", payload, `order-${n}`));
        }
      }),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    let walLargest = 0;
    await until(
      "every order settled",
      async () => {
        walLargest = Math.max(walLargest, walSize());
        return (await settled("orders/paid")) >= orders;
      },
      150_000,
    );
    walLargest = Math.max(walLargest, walSize());

    let walAfter: number | undefined;
    if (kind === "sqlite") {
      // Writes stop: within a few seconds the checkpoint thread finds nothing new in the WAL and cuts the file.
      await until("the -wal file cut back", async () => (walAfter = walSize()) <= LIMIT_BYTES, 20_000).catch(() => undefined);
    }

    const purchases = await t.db.prisma.transfer.count({ where: { shop: SHOP, code: "PURCHASE" } });
    const membersWithPoints = await t.db.prisma.balance.count({ where: { shop: SHOP, member: { customerId: { startsWith: "7" } }, OR: [{ posted: { gt: 0 } }, { pendingCredit: { gt: 0 } }] } });
    const errors = server.output().stderr.split("\n").filter((line) => line.includes('"level":50') || line.includes('"level":60'));
    return { orders, purchases, membersWithPoints, walLargest: kind === "sqlite" ? walLargest : undefined, walAfter, errors };
  } finally {
    await server?.stop();
    await t.destroy();
  }
}

describe.each(testDatabaseKinds())("the WAL file after writes that never paused, on %s", (kind) => {
  let result: Burst;

  beforeAll(async () => {
    requireBuild();
    result = await burst(kind);
  }, 240_000);
  afterAll(() => undefined);

  it("settles every order of the burst into its points", () => {
    expect(result.purchases).toBe(result.orders);
    expect(result.membersWithPoints).toBe(result.orders);
    expect(result.errors).toEqual([]);
  });

  it("cuts SQLite's -wal file once writes stop after the burst; PostgreSQL has none", () => {
    if (kind === "postgres") {
      expect(result.walLargest).toBeUndefined();
      return;
    }
    // The burst wrote far more than the limit: without it, the file would keep this size.
    expect(result.walLargest).toBeGreaterThan(2 * LIMIT_BYTES);
    expect(result.walAfter).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
