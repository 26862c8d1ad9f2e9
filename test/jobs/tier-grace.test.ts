// A grace period before a member drops a tier, on SQLite and PostgreSQL: with 30 days of grace, a member whose Gold
// order left the 365-day window 15 days ago keeps Gold — the daily tier check leaves them there, their next order
// earns at Gold, and the shopper is told until when, in their language — while one whose order left 35 days ago
// drops; the check 16 days later drops the first too. Orders are paid by signed webhooks (or queued as the intake
// queued them then) and settled by the queue at chosen moments; the job runner is driven with a clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
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

interface SummaryTier {
  key: string;
  keptUntil?: string;
  keptText?: string;
  progress: { nextTierName: string; remainingAmount: number; percent: number } | null;
}

describe.each(testDatabaseKinds())("the tier grace period on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let nextOrder = 7500;

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

  const stored = async (customerId: number) =>
    (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customerId) } }, select: { tier: true } })).tier;
  const token = (customerId: number) => sessionToken({ shop: SHOP, customerId: String(customerId) });
  async function summaryTier(customerId: number, locale = "en"): Promise<SummaryTier> {
    const response = await app(extensionRequest(`/api/shopper/summary?locale=${locale}`, token(customerId)));
    expect(response.status).toBe(200);
    return ((await response.json()) as { tier: SummaryTier }).tier;
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
    const saved = await saveProgramRules(t.db, { shop: SHOP, staff: { id: "staff-1", name: "Staff One" }, rules: { ...defaultProgramRules(), tierGraceDays: 30 }, now: new Date() });
    expect(saved).toMatchObject({ status: "saved" });
  });
  afterAll(() => t.destroy());

  it("keeps a member's tier for the grace period after their total fell below it, earning at it, then drops them", async () => {
    const now = new Date();
    // 1,600.00 is Gold. Customer 41's order left the window 15 days ago; customer 42's 35 days ago.
    const fifteenDaysOut = new Date(now.getTime() - (365 + 15) * DAY);
    const thirtyFiveDaysOut = new Date(now.getTime() - (365 + 35) * DAY);
    await paid(41, "1600.00", fifteenDaysOut, new Date(fifteenDaysOut.getTime() + HOUR));
    await paid(42, "1600.00", thirtyFiveDaysOut, new Date(thirtyFiveDaysOut.getTime() + HOUR));
    // Customer 43 has no grace to need: still Gold on an order ten days old.
    await paid(43, "1600.00", new Date(now.getTime() - 10 * DAY), new Date(Date.now() + HOUR));
    expect([await stored(41), await stored(42), await stored(43)]).toEqual(["gold", "gold", "gold"]);

    // The day's check drops customer 42 only.
    expect((await runDueJobs(t.db, now, dependencies)).membersRetiered).toBe(1);
    expect([await stored(41), await stored(42), await stored(43)]).toEqual(["gold", "member", "gold"]);

    // Customer 41's next order earns at Gold (floor(123.45 × 1.5) = 185), customer 42's at Member (123).
    expect(await estimate(41)).toBe(185);
    expect(await estimate(42)).toBe(123);
    // The shopper is told until when: 30 days after the order left the window.
    const keptUntil = new Date(fifteenDaysOut.getTime() + (365 + 30) * DAY);
    const kept = await summaryTier(41);
    expect(kept).toMatchObject({ key: "gold", progress: null });
    expect(Math.abs(new Date(kept.keptUntil ?? 0).getTime() - keptUntil.getTime())).toBeLessThan(5);
    const day = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(keptUntil);
    expect(kept.keptText).toBe(`You keep Gold until ${day}. Reach it again before then to stay.`);
    const frDay = new Intl.DateTimeFormat("fr", { dateStyle: "long", timeZone: "UTC" }).format(keptUntil);
    expect((await summaryTier(41, "fr")).keptText).toBe(`Vous gardez le palier Gold jusqu'au ${frDay}. Atteignez-le de nouveau d'ici là pour le conserver.`);
    // Nothing kept, nothing said.
    expect(await summaryTier(42)).not.toHaveProperty("keptText");
    expect(await summaryTier(43)).toMatchObject({ key: "gold" });
    expect(await summaryTier(43)).not.toHaveProperty("keptUntil");

    // An order paid during the grace earns at the kept tier: 100.00 at ×1.5.
    const during = new Date(Date.now() - HOUR);
    await paid(41, "100.00", during, new Date(Date.now() + HOUR));
    const earned = await t.db.prisma.transfer.findFirstOrThrow({ where: { code: "PURCHASE", orderId: String(nextOrder) }, select: { points: true } });
    expect(earned.points).toBe(150);

    // Sixteen days on, the grace is over: the day's check drops customer 41 to the tier 100.00 reaches.
    expect((await runDueJobs(t.db, new Date(now.getTime() + 16 * DAY), dependencies)).membersRetiered).toBe(1);
    expect(await stored(41)).toBe("member");
    expect(await stored(43)).toBe("gold");
  });
});
