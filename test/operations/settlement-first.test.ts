// The queue goes first on the thread that settles it: a background job's turn waits while a drain of the queue
// runs, and goes on once the queue is empty, or after the longest wait when settlement never stops
// (app/operations/settlement-first.server.ts, docs/decisions/057-the-job-run-goes-after-the-queue.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterSettlement, settlementRuns } from "~/operations/settlement-first.server";
import { kickDeliveryWorker } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const ORDERS = 40;

describe.each(testDatabaseKinds())("background turns after settlement on %s", (kind) => {
  const SHOP = `settlement-first-${kind}.myshopify.com`;
  let t: TestDatabase;
  let h: WebhookHarness;
  const queued = () => t.db.prisma.webhookDelivery.count({ where: { shop: SHOP, status: "queued" } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
  });
  afterAll(() => t?.destroy());

  it("holds a background turn while the queue is being settled, and lets it go once the queue is empty", async () => {
    for (let n = 0; n < ORDERS; n++) {
      expect((await h.send(SHOP, "orders/paid", orderPayload({ id: 4_000 + n, customer: { id: 400 + n }, subtotal: "20.00" }))).status).toBe(200);
    }
    expect(await queued()).toBe(ORDERS);
    kickDeliveryWorker(t.db);
    await afterSettlement(60_000);
    expect(await queued()).toBe(0);
    expect((await h.balances(SHOP, 400 + ORDERS - 1))?.available).toBe(20);
    // Nothing runs now: the next turn goes at once.
    await afterSettlement(60_000);
  });

  it("lets a background turn go after the longest wait when settlement does not stop", async () => {
    settlementRuns(true);
    try {
      let resumed = false;
      const turn = afterSettlement(20).then(() => (resumed = true));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(resumed).toBe(false);
      await turn;
      expect(resumed).toBe(true);
    } finally {
      settlementRuns(false);
    }
  });
});
