// Tier-only rewards (issue 14, "tiers that stay true"), through the built app on SQLite and PostgreSQL: a reward kept
// for some tiers is offered only to members whose tier now is one of them, in the checkout's and account page's
// summary (a session token), the order-status block and the public API; the program's list names its tiers in the
// shopper's language; redeeming it from another tier is refused with those tiers named and holds nothing, while a
// member of the tier gets the code. The tier is the one the member's orders give now, not a stored one.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { programRulesSchema } from "~/loyalty/program/program-rules";
import { setProgramRules } from "~/loyalty/program/shop-store.server";
import type { CatalogueRewardInput } from "~/loyalty/redemption/reward-catalogue";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { apiCall, makeApiKey } from "../support/public-api";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const CATALOGUE: CatalogueRewardInput[] = [
  { id: "five-off", name: "Five off", kind: "amount_off", pricing: "fixed", points: 500, amountMinor: 500 },
  { id: "gold-shipping", name: "Gold shipping", kind: "free_shipping", points: 400, tierKeys: ["gold"] },
  { id: "vip-ten", name: "VIP ten", kind: "amount_off", pricing: "fixed", points: 800, amountMinor: 1_000, tierKeys: ["silver", "gold"] },
];

/** Customer 1 stays in the entry tier, customer 2 reaches Silver and customer 3 Gold with a paid order each. */
const SPEND: Record<number, string> = { 2: "600.00", 3: "1600.00" };

describe.each(testDatabaseKinds())("tier-only rewards on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let apiKey: string;
  let discounts = 0;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 3);
    await setProgramRules(t.db.prisma, SHOP, programRulesSchema.parse({ rewards: CATALOGUE }));
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    apiKey = (await makeApiKey(t.db, SHOP, "read_write")).key;
    for (const [customer, subtotal] of Object.entries(SPEND)) {
      const order = orderPayload({ id: 7_700 + Number(customer), customer: { id: Number(customer), state: "enabled" }, subtotal, processedAt: new Date(Date.now() - 86_400_000).toISOString() });
      expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP }))).status).toBe(200);
    }
    await processDueDeliveries(t.db, () => new Date());
    for (const [index, memberId] of members.entries()) {
      const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "ADJUSTMENT", points: 5_000, status: "posted", idempotencyKey: `test:give:${index}` });
      if (!outcome.ok) throw new Error(outcome.message);
    }
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${++discounts}` }, userErrors: [] });
    adminApi.store.shop(SHOP).mutation.discountCodeFreeShippingCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${++discounts}` }, userErrors: [] });
  });

  const token = (customer: number) => sessionToken({ shop: SHOP, customerId: String(customer) });
  const summary = async (customer: number, locale = "en") =>
    (await (await app(extensionRequest(`/api/shopper/summary?locale=${locale}`, token(customer)))).json()) as {
      tier: { key: string };
      rewards: { id: string }[];
      program: { rewards: { id: string; title: string }[] };
    };
  const redeem = (customer: number, rewardId: string, locale = "en") =>
    app(extensionRequest(`/api/shopper/redeem?locale=${locale}`, token(customer), { body: { rewardId, requestId: randomUUID() } }));
  const holds = (customer: number) => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: members[customer - 1] as string } });

  it("offers each member only the rewards their tier now may buy", async () => {
    const offered = async (customer: number) => {
      const body = await summary(customer);
      return { tier: body.tier.key, rewards: [...new Set(body.rewards.map((reward) => reward.id.replace(/-\d+$/, "")))] };
    };
    expect(await offered(1)).toEqual({ tier: "member", rewards: ["five-off"] });
    expect(await offered(2)).toEqual({ tier: "silver", rewards: ["five-off", "vip-ten"] });
    expect(await offered(3)).toEqual({ tier: "gold", rewards: ["five-off", "gold-shipping", "vip-ten"] });
  });

  it("lists the tier-only rewards in the program with their tiers named, in the shopper's language", async () => {
    const titles = async (locale: string) => Object.fromEntries((await summary(1, locale)).program.rewards.map((reward) => [reward.id, reward.title]));
    expect(await titles("en")).toMatchObject({ "five-off": "$5.00 off", "gold-shipping": "Free shipping (for Gold members)", "vip-ten": "$10.00 off (for Silver or Gold members)" });
    expect((await titles("fr"))["vip-ten"]).toContain("(réservé aux membres Silver ou Gold)");
    expect((await titles("de"))["gold-shipping"]).toContain("(nur für die Stufe Gold)");
    expect((await titles("es"))["vip-ten"]).toContain("(solo para miembros Silver o Gold)");
  });

  it("refuses a tier-only reward to another tier, naming its tiers, and holds no points", async () => {
    const before = await holds(1);
    const refused = await redeem(1, "gold-shipping");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toEqual({ code: "tier_only", message: "This reward is for Gold members. No points were used." });
    const french = await redeem(2, "gold-shipping", "fr");
    expect((await french.json()).error).toMatchObject({ code: "tier_only", message: "Cette récompense est réservée aux membres Gold. Aucun point n'a été utilisé." });
    expect(await holds(1)).toEqual(before);
    expect(await t.db.prisma.redemption.count({ where: { memberId: { in: [members[0] as string, members[1] as string] } } })).toBe(0);
    expect(adminApi.store.requests.filter((request) => request.query.includes("discountCode"))).toHaveLength(0);
  });

  it("issues a tier-only reward to a member of one of its tiers", async () => {
    const silver = await redeem(2, "vip-ten");
    expect(silver.status).toBe(200);
    expect(await silver.json()).toMatchObject({ status: "issued", points: 800, reward: { id: "vip-ten", title: "$10.00 off (for Silver or Gold members)" } });
    const gold = await redeem(3, "gold-shipping");
    expect(gold.status).toBe(200);
    expect((await holds(3)).pendingDebit).toBe(400);
  });

  it("shows a member's order-status block only the affordable rewards of their tier", async () => {
    const status = async (customer: number) =>
      (await (await app(extensionRequest(`/api/shopper/order-status?orderId=${7_700 + customer}`, token(customer)))).json()) as { affordable: { id: string }[] };
    expect((await status(2)).affordable.map((reward) => reward.id)).toEqual(["five-off", "vip-ten"]);
    expect((await status(3)).affordable.map((reward) => reward.id)).toEqual(["five-off", "gold-shipping", "vip-ten"]);
  });

  it("tells other apps which tiers a reward is for, and refuses it to another tier through the public API", async () => {
    const list = await (await apiCall(app, "GET", "/api/v1/rewards", { key: apiKey })).json();
    expect(list.data).toEqual([
      expect.not.objectContaining({ tierKeys: expect.anything() }),
      expect.objectContaining({ id: "gold-shipping", tierKeys: ["gold"] }),
      expect.objectContaining({ id: "vip-ten", tierKeys: ["silver", "gold"] }),
    ]);
    const before = await holds(1);
    const refused = await apiCall(app, "POST", `/api/v1/members/${members[0]}/redemptions`, { key: apiKey, idempotencyKey: randomUUID(), body: { rewardId: "vip-ten" } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({ code: "tier_only", message: expect.stringContaining("Silver or Gold") });
    expect(await holds(1)).toEqual(before);
  });
});
