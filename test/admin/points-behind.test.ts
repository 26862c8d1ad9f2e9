// The dashboard, through the built app on SQLite and PostgreSQL, says when the shop's points are running behind:
// a delivery of the shop's has waited in the queue over a minute. Otherwise — nothing waiting, a delivery that
// just arrived, or another shop's delay — it shows its figures without the note.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "behind-demo.myshopify.com";
const OTHER_SHOP = "behind-elsewhere.myshopify.com";
const NOTE = "still being counted";

describe.each(testDatabaseKinds())("points running behind on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;

  async function waiting(id: string, shop: string, waitedMs: number) {
    await t.db.prisma.webhookDelivery.create({
      data: { id, shop, topic: "orders/paid", payload: "{}", status: "queued", attempts: 0, receivedAt: new Date(Date.now() - waitedMs), runAfter: new Date(Date.now() + 3_600_000) },
    });
  }

  const dashboard = async () => {
    const response = await admin.get("/app");
    expect(response.status).toBe(200);
    return renderedMarkup(await response.text());
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Behind shop", currencyCode: "USD" });
    await upsertShop(t.db.prisma, { domain: OTHER_SHOP, name: "Elsewhere", currencyCode: "USD" });
    admin = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  it("shows no note while nothing of the shop's has waited over a minute", async () => {
    expect(await dashboard()).not.toContain(NOTE);
    await waiting("just-arrived", SHOP, 10_000);
    await waiting("elsewhere-late", OTHER_SHOP, 30 * 60_000);
    expect(await dashboard()).not.toContain(NOTE);
  });

  it("says orders from the last N minutes are still being counted while one has waited longer", async () => {
    await waiting("late", SHOP, 4 * 60_000 + 30_000);
    const markup = await dashboard();
    expect(markup).toContain("Orders from the last 5 minutes are still being counted.");
    expect(markup).toContain("points, tiers and the figures below catch up on their own");

    // Settled: the note goes with the next load.
    await t.sql(`UPDATE webhook_deliveries SET status = 'done', payload = NULL WHERE shop = '${SHOP}'`);
    expect(await dashboard()).not.toContain(NOTE);
  });
});
