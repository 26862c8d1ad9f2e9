// Overlapping job runners are safe across processes (an in-app runner and `npm run jobs` from cron, or two
// instances): three `npm run jobs` processes work one queue at once, each taking its own share of the deliveries of
// two shops, every batch touching the same members. Every refund counts once and every balance ends exact, on
// SQLite (one BEGIN IMMEDIATE transaction per batch serialises the processes, so the refunds of one order are
// recorded by different processes) as on PostgreSQL (the shop's settlement lock, an advisory lock taken before
// anything is written; a claim takes one shop's deliveries, of a shop no other process is settling, so the
// processes share the queue shop by shop: docs/decisions/072-an-instance-claims-one-shop-at-a-time.md). No batch
// ever fails to commit: on PostgreSQL, batches that took order locks as they went and then waited on the shop's
// daily sums used to deadlock each other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditBalances, auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { SHOP, seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { runTsx } from "../support/tsx-processes";

const ORDERS = 9;
const CUSTOMERS = 3;
// Enough work that every process, started at once, finds some left when it is up: on SQLite the first one ready
// settles several hundred deliveries a second since customer events and the WAL's copies got cheaper
// (docs/decisions/052-settlement-beside-the-intake.md), and a busy machine starts the others seconds later.
const REFUNDS_PER_ORDER = 150;
/** Each refund's amount: together they refund 60.00 of each 100.00 order. */
const REFUND_MINOR = 40;
const PROCESSES = 3;
const SHOPS = [SHOP, "tally-test-second.myshopify.com"];

describe.each(testDatabaseKinds())("overlapping job runners in separate processes on %s", (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    for (const shop of SHOPS) await seedMembers(t.db, 0, shop);
  });
  afterAll(() => t.destroy());

  it("records every refund of an order once and ends with exact balances", async () => {
    // Payments first, then the orders' refunds interleaved, each shop's beside the other's, so that each process's
    // share (the queue is claimed oldest first) holds refunds of every order.
    let at = Date.now() - 60_000;
    const enqueue = (shop: string, id: string, topic: "orders/paid" | "refunds/create", payload: unknown) =>
      t.db.deliveries.enqueue({ id: `${shop}-${id}`, shop, topic, payload, receivedAt: new Date(at++) });
    for (let order = 1; order <= ORDERS; order++) {
      for (const shop of SHOPS) {
        await enqueue(shop, `paid-${order}`, "orders/paid", orderPayload({ id: order, customer: { id: ((order - 1) % CUSTOMERS) + 1 }, subtotal: "100.00" }));
      }
    }
    for (let refund = 1; refund <= REFUNDS_PER_ORDER; refund++) {
      for (let order = 1; order <= ORDERS; order++) {
        const id = order * 1000 + refund;
        for (const shop of SHOPS) await enqueue(shop, `refund-${id}`, "refunds/create", refundPayload({ id, orderId: order, lines: [{ subtotal: (REFUND_MINOR / 100).toFixed(2) }] }));
      }
    }

    const env = { DATABASE_URL: t.url, NODE_ENV: "production", SHOPIFY_API_KEY: "tally-test-key", SHOPIFY_API_SECRET: "tally-test-secret", SHOPIFY_APP_URL: "https://tally.example.com", TALLY_BACKGROUND_JOBS: "0" };
    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => runTsx("scripts/jobs.ts", [], env, 120_000)));
    for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
    // Each process did part of the work: they overlapped.
    const processed = runs.map((run) => Number(/(\d+) webhook deliveries processed/.exec(run.stdout)?.[1]));
    expect(processed.reduce((sum, n) => sum + n, 0)).toBe(SHOPS.length * ORDERS * (1 + REFUNDS_PER_ORDER));
    expect(processed.filter((n) => n > 0).length).toBeGreaterThan(1);
    for (const run of runs) expect(run.stdout).not.toContain("could not commit together");

    expect(await t.db.prisma.webhookDelivery.count({ where: { status: { not: "done" } } })).toBe(0);
    for (const shop of SHOPS) {
      const orders = await t.db.prisma.loyaltyOrder.findMany({ where: { shop }, orderBy: { orderId: "asc" }, select: { orderId: true, refundedMinor: true, earnedPoints: true } });
      expect(orders).toEqual(Array.from({ length: ORDERS }, (_, n) => ({ orderId: String(n + 1), refundedMinor: REFUNDS_PER_ORDER * REFUND_MINOR, earnedPoints: 100 })));
      const balances = await t.db.prisma.balance.findMany({ where: { shop }, select: { posted: true, available: true, lifetimeEarned: true } });
      // 60% of each order refunded: 60 of its 100 points reversed; three orders per customer.
      expect(balances).toEqual(Array.from({ length: CUSTOMERS }, () => ({ posted: 120, available: 120, lifetimeEarned: 120 })));
      expect(await t.db.prisma.transfer.count({ where: { shop, code: "PURCHASE" } })).toBe(ORDERS);
    }
    expect((await auditBalances(t.db)).drift).toEqual([]);
    expect((await auditDailySums(t.db)).drift).toEqual([]);
  });
});
