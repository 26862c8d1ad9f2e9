// Tiers that follow points earned or orders instead of spend (issue 14, "tiers that stay true"), through the built
// app on SQLite and PostgreSQL: signed orders/paid webhooks move members by the measure the merchant picked, the
// shopper's summary words the way to the next tier in it, a refund in full takes an order out of the count, and
// switching the measure on the Program page recounts every member at once, audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules, programRulesSchema, type TierMeasure } from "~/loyalty/program/program-rules";
import { setProgramRules, upsertShop } from "~/loyalty/program/shop-store.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "tier-measures.myshopify.com";
const BASE = "http://localhost";

/** Silver and Gold at 2 and 3 orders, or at 1,000 and 2,000 points; spend as the default program has it. */
function ladder(measure: TierMeasure) {
  const [silver, gold] = measure === "orders" ? [2, 3] : measure === "points" ? [1_000, 2_000] : [50_000, 150_000];
  return [
    { key: "member", name: "Member", threshold: 0, multiplierPercent: 100 },
    { key: "silver", name: "Silver", threshold: silver, multiplierPercent: 125 },
    { key: "gold", name: "Gold", threshold: gold, multiplierPercent: 150 },
  ];
}

describe.each(testDatabaseKinds())("tiers that follow points or orders on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let cookie: string;
  let nextOrder = 8_800;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Tier measures", currencyCode: "USD" });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, NODE_ENV: "development", TALLY_DEMO: "1", TALLY_DEMO_SHOP: SHOP, TALLY_BACKGROUND_JOBS: "0" });
    const signIn = await app(new Request(`${BASE}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
    cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  });
  afterAll(() => t?.destroy());

  async function useMeasure(measure: TierMeasure) {
    await setProgramRules(t.db.prisma, SHOP, programRulesSchema.parse({ tierMeasure: measure, tiers: ladder(measure) }));
  }
  async function pay(customer: number, subtotal: string) {
    const id = nextOrder++;
    const order = orderPayload({ id, customer: { id: customer, state: "enabled" }, subtotal, processedAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    return id;
  }
  const summary = async (customer: number) =>
    (await (await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: String(customer) })))).json()) as {
      tier: { key: string; progress: { remaining: string; remainingAmount: number } | null };
      program: { tierMeasure: string; tiers: { start: number; threshold: string }[] };
    };
  const stored = (customer: number) => t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: String(customer) }, select: { tier: true, tierSpend: true } });

  it("moves a member up by number of orders, and a refund in full takes an order out of the count", async () => {
    await useMeasure("orders");
    const first = await pay(1, "10.00");
    expect((await summary(1)).tier).toEqual({ key: "member", name: "Member", multiplierPercent: 100, progress: { nextTierName: "Silver", remainingAmount: 1, remaining: "1 order", percent: 50 } });
    await pay(1, "10.00");
    expect(await stored(1)).toEqual({ tier: "silver", tierSpend: 2 });
    expect((await summary(1)).tier.progress).toMatchObject({ nextTierName: "Gold", remaining: "1 order" });
    expect((await summary(1)).program).toMatchObject({ tierMeasure: "orders", tiers: [{ start: 0, threshold: "0 orders" }, { start: 2, threshold: "2 orders" }, { start: 3, threshold: "3 orders" }] });

    const refund = refundPayload({ id: 99_001, orderId: first, lines: [{ subtotal: "10.00" }] });
    expect((await app(signedWebhook("/webhooks/refunds/create", "refunds/create", refund, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect((await summary(1)).tier).toMatchObject({ key: "member", progress: { remaining: "1 order" } });
  });

  it("moves a member up by the points their orders earned, at the tier each was paid at", async () => {
    await useMeasure("points");
    // 600.00 earns 600 points at Member: not yet Silver (1,000).
    await pay(2, "600.00");
    expect((await summary(2)).tier).toMatchObject({ key: "member", progress: { remainingAmount: 400, remaining: "400 points" } });
    // Another 600 at Member: 1,200 points, Silver.
    await pay(2, "600.00");
    expect((await summary(2)).tier).toMatchObject({ key: "silver", progress: { remainingAmount: 800, remaining: "800 points" } });
    // The stored tier counts the order that settled it, though its points were fixed after its member's orders were read.
    expect(await stored(2)).toEqual({ tier: "silver", tierSpend: 1_200 });
    // 640.00 at Silver earns 800 (×1.25): 2,000 points, Gold.
    await pay(2, "640.00");
    expect((await summary(2)).tier).toMatchObject({ key: "gold", progress: null });
    expect(await stored(2)).toEqual({ tier: "gold", tierSpend: 2_000 });
  });

  it("recounts every member when the merchant switches the measure on the Program page, and audits it", async () => {
    await useMeasure("spend");
    const page = await (await app(new Request(`${BASE}/app/program`, { headers: { Cookie: cookie } }))).text();
    expect(page).toContain("Tiers follow");
    const form: Record<string, string> = { tierMeasure: "orders" };
    ladder("orders").forEach((tier, index) => {
      form[`tiers.${index}.key`] = tier.key;
      form[`tiers.${index}.name`] = tier.name;
      form[`tiers.${index}.threshold`] = String(tier.threshold);
      form[`tiers.${index}.multiplierPercent`] = (tier.multiplierPercent / 100).toFixed(2);
      form[`tiers.${index}.entryPoints`] = "0";
    });
    // A threshold typed as money while the tiers follow orders is refused, next to its field.
    const refused = await app(new Request(`${BASE}/app/program`, { method: "POST", body: new URLSearchParams({ ...form, "tiers.1.threshold": "2.50" }), headers: { Cookie: cookie } }));
    expect(refused.status).toBe(422);
    expect(parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules).tierMeasure).toBe("spend");

    const saved = await app(new Request(`${BASE}/app/program`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookie } }));
    expect(saved.status).toBe(200);
    // Customer 2 has three orders: Gold by orders; customer 1 one unrefunded order of two.
    expect(await stored(2)).toEqual({ tier: "gold", tierSpend: 3 });
    expect(await stored(1)).toEqual({ tier: "member", tierSpend: 1 });
    const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
    expect(JSON.stringify(event?.details)).toContain('"path":"tierMeasure","from":"spend","to":"orders"');
  });
});
