// "A crash after the 200 loses nothing": the production server is killed right after answering, with the work
// still queued; a restarted server finishes it by itself, and so does `npm run jobs` for a cron setup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { SHOP, seedMembers } from "../support/members";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { runTsx } from "../support/tsx-processes";
import { until } from "../support/until";

describe.each(testDatabaseKinds())("crash after answering, on %s", (kind) => {
  let t: TestDatabase;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    requireBuild();
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 0);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await t.destroy();
  });

  async function start(backgroundJobs: "0" | "1") {
    const port = await freePort();
    const server = spawnServer({ ...productionEnv(t.url), PORT: String(port), TALLY_BACKGROUND_JOBS: backgroundJobs });
    servers.push(server);
    await waitUntilListening(server);
    return { server, url: `http://localhost:${port}` };
  }

  async function deliver(url: string, orderId: number) {
    const request = signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id: orderId, customer: { id: orderId }, subtotal: "42.00" }), { shop: SHOP });
    return fetch(`${url}/webhooks/orders/paid`, { method: "POST", headers: request.headers, body: await request.text() });
  }

  const balanceOf = (customerId: number) =>
    t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: String(customerId) } }, include: { balance: true } });

  it("finishes the work of a server killed right after its 200, when the app starts again", async () => {
    const first = await start("0");
    expect((await deliver(first.url, 1)).status).toBe(200);
    first.server.child.kill("SIGKILL");
    await first.server.exited;
    expect(await t.db.prisma.webhookDelivery.count({ where: { status: "queued" } })).toBe(1);

    const second = await start("1");
    const member = await until("the restarted server settling the delivery", () => balanceOf(1), (m) => m?.balance?.posted === 42, 20_000);
    expect(member?.balance?.posted).toBe(42);
    // The delivery is marked done just after its ledger work commits.
    expect(await until("the delivery marked done", () => t.db.prisma.webhookDelivery.count({ where: { status: "done" } }), (done) => done === 1, 20_000)).toBe(1);
    // Its job runner would otherwise work the next test's queue (its first run comes a second after it starts).
    await second.server.stop();
  });

  it("works the queue from `npm run jobs` when the app leaves it to cron", async () => {
    const app = await start("0");
    expect((await deliver(app.url, 2)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await balanceOf(2)).toBeNull();
    const run = await runTsx("scripts/jobs.ts", [], { ...productionEnv(t.url), TALLY_BACKGROUND_JOBS: "0" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/1 webhook deliveries processed \(0 failed/);
    expect((await balanceOf(2))?.balance?.posted).toBe(42);
  });
});
