// After a burst of orders, the job runner catches up in a run, not a page and a batch a minute, on SQLite and
// PostgreSQL: signed orders/paid through the built app for two shops, more than a run's page of the feed (500 rows
// a shop) and more than a batch of each sender (50). One run publishes every transfer's event for both shops, and
// each sender goes on past its first batch: posts to the merchant's endpoint (a real HTTP server the test starts),
// "points earned" emails kept in the outbox, "points earned" Flow triggers sent to the Admin API stand-in. How far a
// sender gets in its share of the run depends on the machine; a second run finishes, and nothing goes twice
// (app/operations/job-share.server.ts, docs/decisions/065-a-job-run-works-through-its-queues.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies, type JobRun } from "~/jobs/job-runner.server";
import { insertEndpoint } from "~/loyalty/outgoing-webhooks/endpoint-store.server";
import { renderMemberEmail } from "~/shopper/member-email-messages";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { offlineAdmin } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

/** 135 customers with 4 orders each: 540 purchases, past the feed's page of 500 and ten batches of every sender. */
const CUSTOMERS = 135;
const ORDERS_EACH = 4;
const OTHER_ORDERS = 12;

describe.each(testDatabaseKinds())("a burst of orders, told in one job run, on %s", (kind) => {
  const SHOP = `burst-${kind}.myshopify.com`;
  const OTHER = `burst-other-${kind}.myshopify.com`;
  let t: TestDatabase;
  let app: AppHandler;
  let receiver: WebhookReceiver;
  let run: JobRun;
  let second: JobRun;
  /** Each shop's points.changed events as the first run left them. */
  const afterFirst = new Map<string, string[]>();
  let webhookId = 0;

  const send = async (shop: string, payload: unknown) => {
    const response = await app(signedWebhook("/webhooks/orders/paid", "orders/paid", payload, { shop, webhookId: `burst-${kind}-${++webhookId}` }));
    expect(response.status).toBe(200);
  };
  const jobs = (): JobDependencies => ({
    deactivateDiscount: async () => undefined,
    adminFor: (shop) => offlineAdmin(t.db, shop),
    webhookSending: { signingKey: TEST_API_SECRET, policy: { allowLoopback: true } },
    emailSending: { appSecret: TEST_API_SECRET, appUrl: "http://localhost", outbox: true, render: renderMemberEmail, policy: { allowLoopback: true } },
  });
  const flowCalls = (shop: string) => adminApi.store.requests.filter((request) => request.shop === shop && request.operationName === "TallyFlowTrigger");

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    receiver = await startWebhookReceiver();
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
    await installShop(t, SHOP);
    await installShop(t, OTHER);
    // The feed and its consumers have looked at both shops once, as the app's job does every minute.
    await runDueJobs(t.db, new Date(), jobs());
    await insertEndpoint(t.db.prisma, { id: `burst-ep-${kind}`, shop: SHOP, url: receiver.url("/tally"), events: ["points.changed"], secretSalt: "salt", createdAt: new Date(Date.now() - 60_000) });

    for (let order = 0; order < ORDERS_EACH; order++) {
      for (let customer = 1; customer <= CUSTOMERS; customer++) {
        await send(SHOP, orderPayload({ id: 100_000 + order * 1_000 + customer, customer: { id: customer, email: `burst${customer}@example.com` }, subtotal: "25.00" }));
      }
    }
    for (let order = 1; order <= OTHER_ORDERS; order++) await send(OTHER, orderPayload({ id: 900_000 + order, customer: { id: 5_000 + order }, subtotal: "30.00" }));
    await processDueDeliveries(t.db, () => new Date());
    expect(await t.db.prisma.webhookDelivery.count({ where: { shop: { in: [SHOP, OTHER] }, status: "queued" } })).toBe(0);

    run = await runDueJobs(t.db, new Date(), jobs());
    for (const shop of [SHOP, OTHER]) {
      afterFirst.set(shop, (await t.db.prisma.loyaltyEvent.findMany({ where: { shop, type: "points.changed" }, select: { id: true } })).map((event) => event.id));
    }
    second = await runDueJobs(t.db, new Date(), jobs());
  }, 300_000);
  afterAll(async () => {
    await receiver?.close();
    await t?.destroy();
  });

  it("publishes every transfer's event of both shops in the first run, past the feed's page of 500 for the shop of the sale", async () => {
    for (const shop of [SHOP, OTHER]) {
      const transfers = await t.db.prisma.transfer.findMany({ where: { shop }, select: { id: true } });
      expect([...(afterFirst.get(shop) ?? [])].sort()).toEqual(transfers.map((transfer) => `points.changed:${transfer.id}`).sort());
    }
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP } })).toBeGreaterThan(500);
  });

  it("posts every event to the merchant's endpoint, more than a batch in the first run, each once", async () => {
    const events = await t.db.prisma.loyaltyEvent.count({ where: { shop: SHOP, type: "points.changed" } });
    const posted = receiver.received.filter((request) => request.path === "/tally").map((request) => request.headers["tally-event-id"]);
    expect(run.webhooks.delivered).toBeGreaterThan(50);
    expect(run.webhooks.delivered + second.webhooks.delivered).toBe(events);
    expect(new Set(posted).size).toBe(events);
    expect(posted.length).toBe(events);
    expect(await t.db.prisma.outgoingWebhookDelivery.count({ where: { shop: SHOP, status: { not: "delivered" } } })).toBe(0);
  });

  it("queues a 'points earned' email for every purchase and keeps them in the outbox, more than a batch in the first run", async () => {
    const purchases = await t.db.prisma.transfer.count({ where: { shop: SHOP, code: "PURCHASE", status: "posted" } });
    expect(purchases).toBe(CUSTOMERS * ORDERS_EACH);
    expect(run.emails.sent).toBeGreaterThan(50);
    expect(await t.db.prisma.memberEmail.count({ where: { shop: SHOP, kind: "points_earned", status: "held" } })).toBe(purchases);
    expect(await t.db.prisma.memberEmail.count({ where: { shop: SHOP, status: "pending" } })).toBe(0);
  });

  it("sends every Flow trigger the events call for, more than a batch in the first run, each once", async () => {
    const sends = await t.db.prisma.flowTriggerSend.count({ where: { shop: SHOP } });
    expect(sends).toBeGreaterThanOrEqual(CUSTOMERS * ORDERS_EACH);
    expect(run.flow.sent).toBeGreaterThan(50);
    // The runs' counts are of both shops.
    expect(run.flow.sent + second.flow.sent).toBe(await t.db.prisma.flowTriggerSend.count({ where: { shop: { in: [SHOP, OTHER] } } }));
    expect(await t.db.prisma.flowTriggerSend.count({ where: { shop: SHOP, status: "sent" } })).toBe(sends);
    // Each trigger of each event reached Shopify; a call Shopify throttled is made again, so calls may outnumber them.
    const triggered = new Set(flowCalls(SHOP).map((call) => {
      const { handle, payload } = call.variables as { handle: string; payload: Record<string, unknown> };
      return `${handle} ${String(payload["Event ID"])}`;
    }));
    expect(triggered.size).toBe(sends);
  });

  it("stops at an endpoint that fails, and leaves the rest for a later run, untried", async () => {
    // The merchant's server is down: every post gets a 500.
    receiver.answer("/tally", Array.from({ length: 200 }, () => 500));
    const posted = receiver.received.length;
    for (let customer = 1; customer <= 60; customer++) {
      await send(SHOP, orderPayload({ id: 200_000 + customer, customer: { id: customer, email: `burst${customer}@example.com` }, subtotal: "25.00" }));
    }
    await processDueDeliveries(t.db, () => new Date());
    const down = await runDueJobs(t.db, new Date(), jobs());
    // The eight posts in flight at once when the first 500 came back; nothing after them
    // (docs/decisions/071-senders-work-lane-by-lane.md).
    expect(down.webhooks).toEqual({ delivered: 0, failed: 8 });
    expect(receiver.received.length - posted).toBe(8);
    expect(await t.db.prisma.outgoingWebhookDelivery.count({ where: { shop: SHOP, status: "pending", attempts: 1 } })).toBe(8);
    expect(await t.db.prisma.outgoingWebhookDelivery.count({ where: { shop: SHOP, status: "pending", attempts: 0 } })).toBe(52);
  });

  it("goes on past batches that were all skipped: an email with nowhere to go leaves the queue as surely as a sent one", async () => {
    for (let customer = 1; customer <= 120; customer++) {
      await send(SHOP, orderPayload({ id: 300_000 + customer, customer: { id: customer, email: `burst${customer}@example.com` }, subtotal: "25.00" }));
    }
    await processDueDeliveries(t.db, () => new Date());
    // Sent for real this time, and the shop has set up no SMTP server: each email is skipped, none fails.
    const skipping = await runDueJobs(t.db, new Date(), {
      ...jobs(),
      emailSending: { appSecret: TEST_API_SECRET, appUrl: "http://localhost", outbox: false, render: renderMemberEmail, policy: { allowLoopback: true } },
    });
    expect(skipping.emails).toEqual({ sent: 0, failed: 0 });
    expect(await t.db.prisma.memberEmail.count({ where: { shop: SHOP, status: "skipped" } })).toBe(120);
    expect(await t.db.prisma.memberEmail.count({ where: { shop: SHOP, status: "pending" } })).toBe(0);
  });
});
