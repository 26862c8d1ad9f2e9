// "A crash loses nothing and costs nothing", in the middle of settling: the production server is killed while its
// worker is part way through a queue of paid orders. On SQLite the worker takes its batch inside the unit of work
// that settles it (docs/decisions/066-sqlite-takes-deliveries-in-the-settling-unit.md), so the batch in hand when
// the process died is still queued and due, with no attempt counted: a restarted server settles all of it at
// once, each order once. (PostgreSQL's claim leases its batch instead, so that instances can share the queue; a
// leased batch waits out its lease, as its own tests show.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { SHOP, seedMembers } from "../support/members";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { until } from "../support/until";

const CUSTOMERS = 120;
const ORDERS_EACH = 4;
const QUEUED = CUSTOMERS * ORDERS_EACH;

describe("a server killed while settling, on sqlite", () => {
  let t: TestDatabase;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    requireBuild();
    t = await createTestDatabase("sqlite");
    await seedMembers(t.db, 0);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await t.destroy();
  });

  async function start() {
    const port = await freePort();
    const server = spawnServer({ ...productionEnv(t.url), PORT: String(port), TALLY_BACKGROUND_JOBS: "1" });
    servers.push(server);
    await waitUntilListening(server);
    return server;
  }

  const doneCount = () => t.db.read.webhookDelivery.count({ where: { status: "done" } });

  it("leaves the batch it had in hand queued and due, and a restarted server settles every order once", async () => {
    // The queue as the intake stores it, before any server runs: ten-dollar orders, four per customer.
    const receivedAt = new Date();
    for (let customer = 1; customer <= CUSTOMERS; customer++) {
      for (let n = 0; n < ORDERS_EACH; n++) {
        const id = customer * 10 + n;
        const stored = await t.db.deliveries.enqueue({
          id: `queued-${id}`,
          shop: SHOP,
          topic: "orders/paid",
          payload: orderPayload({ id, customer: { id: customer }, subtotal: "10.00" }),
          receivedAt,
        });
        expect(stored).toBe(true);
      }
    }

    // The first server's job runner works the queue a second after it starts.
    const first = await start();
    const settledBeforeKill = await until("the first server part way through the queue", doneCount, (done) => done > 0, 20_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const settledByFirst = await doneCount();
    // Killed part way: otherwise there was no batch in hand, and this test would show nothing.
    expect(settledBeforeKill).toBeGreaterThan(0);
    expect(settledByFirst).toBeLessThan(QUEUED);

    // Well inside the minute a lease would hold what the first server had taken.
    await start();
    expect(await until("the restarted server settling the rest", doneCount, (done) => done === QUEUED, 15_000)).toBe(QUEUED);

    // Each delivery counts one attempt, its settlement; the one the crash cut short counted none.
    const attempts = await t.db.read.webhookDelivery.groupBy({ by: ["attempts"], _count: { _all: true } });
    expect(attempts.map((row) => ({ attempts: row.attempts, deliveries: row._count._all }))).toEqual([{ attempts: 1, deliveries: QUEUED }]);
    // Every order earned once: ten points each, forty a customer, nothing twice.
    const members = await t.db.read.member.findMany({ where: { shop: SHOP }, include: { balance: true } });
    const posted = new Map(members.map((member) => [member.customerId, member.balance?.posted]));
    for (let customer = 1; customer <= CUSTOMERS; customer++) expect(posted.get(String(customer)), `customer ${customer}`).toBe(10 * ORDERS_EACH);
    expect(await t.db.read.transfer.count({ where: { shop: SHOP, code: "PURCHASE" } })).toBe(QUEUED);
  });
});
