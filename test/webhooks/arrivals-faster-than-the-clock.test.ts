// Deliveries that arrive faster than one a millisecond are due as soon as they are stored: the queue's order key
// runs ahead of the clock then, and a delivery due by it would wait for the clock to catch up, with no drain
// running (app/webhooks/arrival-clock.ts, docs/decisions/060-a-delivery-is-due-when-it-arrives.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { SHOP, seedMembers } from "../support/members";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const DELIVERIES = 3_000;
const AT_ONCE = 64;

describe.each(testDatabaseKinds())("arrivals faster than the clock on %s", (kind) => {
  let t: TestDatabase;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    requireBuild();
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 0);
    const port = await freePort();
    // The queue is left to cron here, so that what the intake stored is what is read.
    server = spawnServer({ ...productionEnv(t.url), PORT: String(port), TALLY_BACKGROUND_JOBS: "0" });
    await waitUntilListening(server);
    url = `http://localhost:${port}`;
  });
  afterAll(async () => {
    await server.stop();
    await t.destroy();
  });

  it("makes every delivery due by the time Shopify has its 200", async () => {
    const requests = await Promise.all(
      Array.from({ length: DELIVERIES }, (_, n) =>
        signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id: n + 1, customer: { id: (n % 50) + 1 }, subtotal: "10.00" }), { shop: SHOP }),
      ),
    );
    const bodies = await Promise.all(requests.map((request) => request.text()));
    const started = Date.now();
    for (let next = 0; next < DELIVERIES; next += AT_ONCE) {
      const answers = await Promise.all(
        requests.slice(next, next + AT_ONCE).map((request, n) => fetch(`${url}/webhooks/orders/paid`, { method: "POST", headers: request.headers, body: bodies[next + n] })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    }
    const answered = Date.now();
    const rows = await t.db.read.webhookDelivery.findMany({ select: { receivedAt: true, runAfter: true } });
    expect(rows).toHaveLength(DELIVERIES);
    const latestDue = Math.max(...rows.map((row) => row.runAfter.getTime()));
    expect(latestDue).toBeLessThanOrEqual(answered);
    // Still in the order they came in: the order key is never earlier than when the delivery was due.
    expect(rows.every((row) => row.receivedAt.getTime() >= row.runAfter.getTime())).toBe(true);
    expect(Math.min(...rows.map((row) => row.runAfter.getTime()))).toBeGreaterThanOrEqual(started - 1);
  });
});
