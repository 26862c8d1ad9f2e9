// Bonus campaigns and excluded collections, driven as Shopify drives them: signed orders/paid, refunds/create and
// orders/cancelled webhooks worked from the queue at the moment the test chooses, and the collections' products
// read from the Admin API stand-in by the job runner, on each database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { orderPayload, refundPayload, type LineFixture } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { offlineAdmin } from "../support/offline-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "bonus-campaigns.myshopify.com";
const SUMMER = "gid://shopify/Collection/41";
const GIFT_BOXES = "gid://shopify/Collection/42";
// The queue works a delivery only once it is due, so the window is set around the moment the test runs: from two
// days ago to a day from now, whole minutes.
const HOUR = 3_600_000;
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
const BLACK_FRIDAY = {
  id: "black-friday",
  name: "Black Friday",
  kind: "multiply" as const,
  multiplierPercent: 200,
  points: 0,
  startsAt: at(-48).toISOString(),
  endsAt: at(24).toISOString(),
  timeZone: "America/New_York",
  collectionIds: [],
  enabled: true,
};
const SUMMER_TRIPLE = { ...BLACK_FRIDAY, id: "summer-triple", name: "Summer ×3", multiplierPercent: 300, collectionIds: [SUMMER] };
const INSIDE = at(-24).toISOString();
const DURING = NOW;
const AFTER_THE_END = at(24 + 7 * 24);
const cust = (id: number) => ({ id, state: "enabled" as const });
const product = (id: number) => ({ id: `gid://shopify/Product/${id}` });

describe.each(testDatabaseKinds())("bonus campaigns and excluded collections on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let jobs: JobDependencies;

  const paid = (id: number, options: { processedAt?: string; subtotal?: string; lines?: LineFixture[] } = {}) =>
    h.send(SHOP, "orders/paid", orderPayload({ id, customer: cust(id), subtotal: options.subtotal ?? "100.00", processedAt: options.processedAt ?? INSIDE, lines: options.lines }));
  const order = (id: number) => t.db.prisma.loyaltyOrder.findUnique({ where: { shop_orderId: { shop: SHOP, orderId: String(id) } } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
    await h.useProgram(SHOP, (rules) => {
      rules.campaigns = [BLACK_FRIDAY, SUMMER_TRIPLE];
      rules.earn.excludedCollectionIds = [GIFT_BOXES];
    });
    adminApi.store.shop(SHOP).query.collections = [
      { id: SUMMER, title: "Summer", products: [product(500), product(501)] },
      { id: GIFT_BOXES, title: "Gift boxes", products: [product(900)] },
    ];
    jobs = { deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) };
    // The job reads the named collections' products from the Admin API, as it does every hour.
    const run = await runDueJobs(t.db, DURING, jobs);
    expect(run.collectionsRefreshed).toBe(2);
    expect(await t.db.prisma.collectionProduct.count({ where: { shop: SHOP } })).toBe(3);
  });
  afterAll(() => t.destroy());

  it("doubles an order paid inside the window and records the campaign with the order", async () => {
    await paid(1);
    await h.work();
    expect(await h.balances(SHOP, 1)).toMatchObject({ posted: 200, lifetimeEarned: 200 });
    expect(await order(1)).toMatchObject({ earnedPoints: 200, campaignPoints: 100, campaignIds: JSON.stringify(["black-friday"]) });
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP, orderId: "1" } })).toBe(1);
  });

  it("gives nothing to an order paid a minute before the start, though its webhook arrives inside the window", async () => {
    await paid(2, { processedAt: new Date(at(-48).getTime() - 60_000).toISOString() });
    await h.work();
    expect(await h.balances(SHOP, 2)).toMatchObject({ posted: 100 });
    expect(await order(2)).toMatchObject({ earnedPoints: 100, campaignPoints: null, campaignIds: null });
  });

  it("gives the campaign to an order paid inside the window whose webhook arrives a week after it closed", async () => {
    await paid(3, { processedAt: new Date(at(24).getTime() - 1000).toISOString() });
    await h.work(AFTER_THE_END);
    expect(await h.balances(SHOP, 3)).toMatchObject({ posted: 200 });
  });

  it("applies the campaign once however often the order is delivered", async () => {
    for (let delivery = 0; delivery < 3; delivery++) await paid(4);
    await h.work();
    await paid(4);
    await h.work(AFTER_THE_END);
    expect(await h.balances(SHOP, 4)).toMatchObject({ posted: 200, lifetimeEarned: 200 });
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP, orderId: "4" } })).toBe(1);
  });

  it("takes the campaign's share back pro rata with a refund, and all of it with a cancellation", async () => {
    await paid(5);
    await h.work();
    await h.send(SHOP, "refunds/create", refundPayload({ id: 51, orderId: 5, lines: [{ subtotal: "25.00" }] }));
    await h.work();
    // floor(200 × 25.00 / 100.00): the base's 25 and the campaign's 25.
    expect(await h.balances(SHOP, 5)).toMatchObject({ posted: 150 });
    await h.send(SHOP, "orders/cancelled", orderPayload({ id: 5, customer: cust(5), subtotal: "75.00", processedAt: INSIDE, cancelledAt: at(-1).toISOString() }));
    await h.work();
    expect(await h.balances(SHOP, 5)).toMatchObject({ posted: 0 });
  });

  it("settles the same when the refund arrives before the payment", async () => {
    await h.send(SHOP, "refunds/create", refundPayload({ id: 61, orderId: 6, lines: [{ subtotal: "25.00" }] }));
    await paid(6);
    await h.work();
    expect(await h.balances(SHOP, 6)).toMatchObject({ posted: 150 });
  });

  it("multiplies only the spend on a limited campaign's collections, on top of the shop-wide campaign", async () => {
    // 40.00 of Summer and 30.00 of another product: 70 base, 70 from Black Friday, 2 × 40 from Summer ×3.
    await paid(7, { subtotal: "70.00", lines: [{ price: "40.00", productId: 500 }, { price: "30.00", productId: 600 }] });
    await h.work();
    expect(await h.balances(SHOP, 7)).toMatchObject({ posted: 70 + 70 + 80 });
    expect(await order(7)).toMatchObject({ campaignPoints: 150, campaignIds: JSON.stringify(["black-friday", "summer-triple"]) });
  });

  it("leaves an excluded collection's lines out of eligible spend and out of their refunds", async () => {
    await paid(8, { subtotal: "80.00", lines: [{ price: "50.00", productId: 900 }, { price: "30.00", productId: 600 }] });
    await h.work();
    expect(await order(8)).toMatchObject({ eligibleMinor: 3000, excludedLines: JSON.stringify(["800"]) });
    expect(await h.balances(SHOP, 8)).toMatchObject({ posted: 60 });
    // Refunding the gift box reverses nothing; refunding the other line reverses all the order earned.
    await h.send(SHOP, "refunds/create", refundPayload({ id: 81, orderId: 8, lines: [{ subtotal: "50.00", line: 0, productId: 900 }] }));
    await h.work();
    expect(await h.balances(SHOP, 8)).toMatchObject({ posted: 60 });
    await h.send(SHOP, "refunds/create", refundPayload({ id: 82, orderId: 8, lines: [{ subtotal: "30.00", line: 1, productId: 600 }] }));
    await h.work();
    expect(await h.balances(SHOP, 8)).toMatchObject({ posted: 0 });
  });

  it("follows a collection's products as the job reads them again an hour later", async () => {
    adminApi.store.shop(SHOP).query.collections = [
      { id: SUMMER, title: "Summer", products: [product(500), product(501)] },
      { id: GIFT_BOXES, title: "Gift boxes", products: [product(900), product(901)] },
    ];
    const soon = await runDueJobs(t.db, new Date(DURING.getTime() + 30 * 60_000), jobs);
    expect(soon.collectionsRefreshed).toBe(0);
    const later = await runDueJobs(t.db, new Date(DURING.getTime() + 61 * 60_000), jobs);
    expect(later.collectionsRefreshed).toBe(2);
    await paid(9, { subtotal: "80.00", lines: [{ price: "50.00", productId: 901 }, { price: "30.00", productId: 600 }] });
    await h.work();
    expect(await h.balances(SHOP, 9)).toMatchObject({ posted: 60 });
  });
});
