// Tiers that stay true as time passes: orders leave the 365-day qualifying window with nothing written, so the
// daily tier check (run by the job runner) recounts the members and moves those whose tier changed, once per shop
// per day; meanwhile the shopper's surfaces (the summary behind the widget, checkout and account page, and the
// checkout estimate) already show the tier the next order earns at. Orders are paid by signed webhooks through the
// built app and settled by the queue at chosen moments; the surfaces are read with signed session tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { checkAgedTiers } from "~/loyalty/tiers/tier-aging.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dependencies = { deactivateDiscount: async () => undefined };

describe.each(testDatabaseKinds())("the daily tier check on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let nextOrder = 7000;

  /**
   * Pays an order of `subtotal` at `paidAt`, settled by the queue at `settledAt`: by a signed webhook when that is
   * now, and for a delivery received in the past as the intake would have queued it then (the queue works a
   * delivery no earlier than it was received).
   */
  async function paid(customerId: number, subtotal: string, paidAt: Date, settledAt: Date) {
    nextOrder += 1;
    const payload = orderPayload({ id: nextOrder, customer: { id: customerId, state: "enabled" }, subtotal, processedAt: paidAt.toISOString() });
    if (settledAt.getTime() >= Date.now()) {
      const response = await app(signedWebhook("/webhooks/orders/paid", "orders/paid", payload, { shop: SHOP }));
      expect(response.status).toBe(200);
    } else {
      await t.db.deliveries.enqueue({ id: `paid-${nextOrder}`, shop: SHOP, topic: "orders/paid", payload, receivedAt: new Date(paidAt.getTime() + 60_000) });
    }
    await processDueDeliveries(t.db, () => settledAt);
    expect(await t.db.prisma.webhookDelivery.count({ where: { status: { not: "done" } } })).toBe(0);
  }

  const stored = (customerId: number) =>
    t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customerId) } }, select: { tier: true, tierSpend: true } });
  const token = (customerId: number) => sessionToken({ shop: SHOP, customerId: String(customerId) });
  async function summaryTier(customerId: number) {
    const response = await app(extensionRequest("/api/shopper/summary", token(customerId)));
    expect(response.status).toBe(200);
    return ((await response.json()) as { tier: { key: string; progress: { nextTierName: string } | null } }).tier;
  }
  async function estimate(customerId: number) {
    const response = await app(extensionRequest("/api/shopper/estimate", token(customerId), { body: { subtotal: { amount: "123.45", currencyCode: "USD" } } }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { points: number | null }).points;
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 0);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  it("moves members whose orders left the window, once a day, while the surfaces already show the tier the next order earns at", async () => {
    const now = new Date();
    // 1,600.00 of spend is Gold (from 1,500.00). Customer 11's was paid 366 days ago and settled then.
    const longAgo = new Date(now.getTime() - 366 * DAY);
    await paid(11, "1600.00", longAgo, new Date(longAgo.getTime() + HOUR));
    // Customer 12's was paid ten days ago: still Gold.
    await paid(12, "1600.00", new Date(now.getTime() - 10 * DAY), new Date(Date.now() + HOUR));
    // Customer 13's leaves the window half an hour from now.
    const soon = new Date(now.getTime() - 365 * DAY + 30 * 60_000);
    await paid(13, "1600.00", soon, new Date(soon.getTime() + HOUR));
    expect(await stored(11)).toEqual({ tier: "gold", tierSpend: 160_000 });

    // Before any check, the stored tier is stale for customer 11, but what the shopper sees is not: their next order
    // earns at Member (123 points for 123.45), customer 12's at Gold (floor(123.45 × 1.5) = 185).
    expect(await summaryTier(11)).toMatchObject({ key: "member", progress: { nextTierName: "Silver" } });
    expect(await estimate(11)).toBe(123);
    expect(await summaryTier(12)).toMatchObject({ key: "gold", progress: null });
    expect(await estimate(12)).toBe(185);

    // The day's check moves customer 11 only.
    expect((await runDueJobs(t.db, now, dependencies)).membersRetiered).toBe(1);
    expect(await stored(11)).toEqual({ tier: "member", tierSpend: 0 });
    expect(await stored(12)).toEqual({ tier: "gold", tierSpend: 160_000 });
    expect(await stored(13)).toEqual({ tier: "gold", tierSpend: 160_000 });

    // An hour later customer 13's order has left the window too, but the shop was checked today: nothing moves.
    const anHourLater = new Date(now.getTime() + HOUR);
    expect((await runDueJobs(t.db, anHourLater, dependencies)).membersRetiered).toBe(0);
    expect(await stored(13)).toEqual({ tier: "gold", tierSpend: 160_000 });

    // The next day's check does.
    expect((await runDueJobs(t.db, new Date(now.getTime() + DAY + HOUR), dependencies)).membersRetiered).toBe(1);
    expect(await stored(13)).toEqual({ tier: "member", tierSpend: 0 });
    expect(await stored(12)).toEqual({ tier: "gold", tierSpend: 160_000 });
  });

  it("works a shop in slices of members and leaves no member out", async () => {
    const now = new Date(Date.now() + 3 * DAY);
    const longAgo = new Date(now.getTime() - 366 * DAY);
    // Seven more members whose Silver (600.00) came from orders now out of the window.
    for (let customer = 21; customer <= 27; customer++) await paid(customer, "600.00", longAgo, new Date(longAgo.getTime() + HOUR));
    const silver = await t.db.prisma.member.count({ where: { shop: SHOP, tier: "silver" } });
    expect(silver).toBe(7);
    // Slices of two: four slices, the last one short.
    expect(await checkAgedTiers(t.db, now, () => undefined, 2)).toBe(7);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, tier: { not: "member" } } })).toBe(1);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, tier: "gold" } })).toBe(1);
  });
});
