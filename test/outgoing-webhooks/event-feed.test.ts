// The loyalty event feed from the job runner, on SQLite and PostgreSQL: two app instances running the jobs at once
// and a restarted one derive each event once, in a gapless order per shop; a redacted customer's events lose their
// data and their waiting deliveries never go, and their later events carry nothing; shop/redact removes it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { insertEndpoint } from "~/loyalty/outgoing-webhooks/endpoint-store.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const SHOP = "event-feed.myshopify.com";
// Nothing is sent from this file: endpoints here point nowhere reachable and are only fanned out to.
const jobs: JobDependencies = { deactivateDiscount: async () => undefined };

describe.each(testDatabaseKinds())("loyalty event feed on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let webhookId = 0;
  const send = async (topic: string, payload: unknown, uri = `/webhooks/${topic}`) => {
    const response = await app(signedWebhook(uri, topic, payload, { shop: SHOP, webhookId: `feed-${++webhookId}` }));
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
    await installShop(t, SHOP);
    await runDueJobs(t.db, new Date(), jobs);
    // An endpoint as the admin page stores it (its store is the fixture), so the feed's consumer has deliveries to make.
    await insertEndpoint(t.db.prisma, { id: "ep-1", shop: SHOP, url: "https://hooks.example.com/x", events: ["points.changed", "tier.changed"], secretSalt: "salt", createdAt: new Date(Date.now() - 60_000) });
  });
  afterAll(() => t?.destroy());

  it("derives each event once when two instances run the jobs at once, and again after a restart", async () => {
    for (let n = 1; n <= 12; n++) await send("orders/paid", orderPayload({ id: 7000 + n, customer: { id: 100 + (n % 4), email: `c${n % 4}@example.com` }, subtotal: `${10 + n}.00` }));
    await processDueDeliveries(t.db, () => new Date());
    const other = t.open();
    const now = new Date();
    await Promise.all([runDueJobs(t.db, now, jobs), runDueJobs(other, now, jobs), runDueJobs(t.db, now, jobs)]);
    const restarted = t.open();
    await runDueJobs(restarted, new Date(), jobs);

    const transfers = await t.db.prisma.transfer.findMany({ where: { shop: SHOP }, select: { id: true } });
    const events = await t.db.prisma.loyaltyEvent.findMany({ where: { shop: SHOP }, orderBy: { seq: "asc" } });
    const points = events.filter((event) => event.type === "points.changed");
    expect(points.map((event) => event.id).sort()).toEqual(transfers.map((transfer) => `points.changed:${transfer.id}`).sort());
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const deliveries = await t.db.prisma.outgoingWebhookDelivery.findMany({ where: { endpointId: "ep-1" } });
    expect(deliveries.map((row) => row.eventId).sort()).toEqual(points.map((event) => event.id).sort());
  });

  it("erases a redacted customer's events, drops their waiting deliveries, and publishes nothing about them later", async () => {
    const member = await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "101" } });
    expect(await t.db.prisma.loyaltyEvent.count({ where: { memberId: member.id, payload: { contains: '"customerId":"101"' } } })).toBeGreaterThan(0);
    await send("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 101, email: "c1@example.com" }, orders_to_redact: [] }, "/webhooks/compliance");
    await processDueDeliveries(t.db, () => new Date());
    expect(await t.db.prisma.loyaltyEvent.count({ where: { memberId: member.id, payload: { not: null } } })).toBe(0);
    const theirs = (await t.db.prisma.loyaltyEvent.findMany({ where: { memberId: member.id }, select: { id: true } })).map((event) => event.id);
    expect(await t.db.prisma.outgoingWebhookDelivery.count({ where: { eventId: { in: theirs }, status: { not: "skipped" } } })).toBe(0);

    // A late order of theirs (Shopify's redaction can race an order) earns nothing and says nothing about them.
    const eventsBefore = await t.db.prisma.loyaltyEvent.count({ where: { shop: SHOP } });
    await send("orders/paid", orderPayload({ id: 7100, customer: { id: 101, email: "c1@example.com" }, subtotal: "50.00" }));
    await processDueDeliveries(t.db, () => new Date());
    await runDueJobs(t.db, new Date(), jobs);
    const later = await t.db.prisma.loyaltyEvent.findMany({ where: { shop: SHOP }, orderBy: { seq: "asc" }, skip: eventsBefore });
    for (const event of later) expect(event.payload ?? "").not.toContain('"customerId":"101"');
    const everything = JSON.stringify(await t.db.prisma.loyaltyEvent.findMany({ where: { memberId: member.id } }));
    expect(everything).not.toContain("c1@example.com");
    expect(everything).not.toContain('"101"');
  });

  it("deletes the shop's feed, cursors, tier marks, endpoints and deliveries on shop/redact", async () => {
    await send("shop/redact", { shop_id: 1, shop_domain: SHOP }, "/webhooks/compliance");
    await processDueDeliveries(t.db, () => new Date());
    const left = await Promise.all([
      t.db.prisma.loyaltyEvent.count({ where: { shop: SHOP } }),
      t.db.prisma.loyaltyEventCursor.count({ where: { shop: SHOP } }),
      t.db.prisma.memberTierMark.count({ where: { shop: SHOP } }),
      t.db.prisma.webhookEndpoint.count({ where: { shop: SHOP } }),
      t.db.prisma.outgoingWebhookDelivery.count({ where: { shop: SHOP } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0]);
  });
});
