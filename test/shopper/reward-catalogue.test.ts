// The reward catalogue from the shopper's side, through the built app on SQLite and PostgreSQL, one reward of each
// kind: issuing (POST /api/shopper/redeem with a session token), applying (a signed orders/paid that uses the code
// settles it, and its cancellation gives the points back), lapsing (the job runner gives the points back after the reward's own lifetime, not before), Shopify
// refusing (points back, redemption failed); store credit confirmed (points spent) or refused (points back); bad
// input in the shopper's language holding no points; an issued code keeping its terms when the merchant edits the
// reward; and a program saved before the catalogue offering shoppers exactly what it did.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { parseProgramRules, programRulesSchema, type ProgramRules } from "~/loyalty/program/program-rules";
import { setProgramRules, upsertShop } from "~/loyalty/program/shop-store.server";
import type { CatalogueRewardInput } from "~/loyalty/redemption/reward-catalogue";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const HOUR = 3_600_000;
const VARIANT = "gid://shopify/ProductVariant/7100001";

const CATALOGUE: CatalogueRewardInput[] = [
  { id: "amount-off", name: "Amount off", kind: "amount_off", pricing: "per_points", points: 500, stepPoints: 100 },
  { id: "ten-off", name: "Ten off shirts", kind: "amount_off", pricing: "fixed", points: 1_000, amountMinor: 1_000, minimumOrderMinor: 2_000, collectionIds: ["gid://shopify/Collection/41"], codeLifetimeHours: 48 },
  { id: "fifteen-percent", name: "15%", kind: "percentage_off", points: 1_200, percent: 15, codeLifetimeHours: 72 },
  { id: "ship-free", name: "Shipping", kind: "free_shipping", points: 400, codeLifetimeHours: 24 },
  { id: "free-apron", name: "Apron", kind: "free_product", points: 900, variantId: VARIANT, productTitle: "Linen apron — Natural", codeLifetimeHours: 96 },
  { id: "credit-10", name: "Credit", kind: "store_credit", points: 1_000, amountMinor: 1_000 },
  { id: "old-offer", name: "Retired", kind: "amount_off", pricing: "fixed", points: 100, amountMinor: 100, enabled: false },
];

const CODE_KINDS = [
  { rewardId: "ten-off", kind: "amount_off", points: 1_000, lifetimeHours: 48, mutation: "discountCodeBasicCreate", title: "$10.00 off on selected items on orders of $20.00 or more" },
  { rewardId: "fifteen-percent", kind: "percentage_off", points: 1_200, lifetimeHours: 72, mutation: "discountCodeBasicCreate", title: "15% off your order" },
  { rewardId: "ship-free", kind: "free_shipping", points: 400, lifetimeHours: 24, mutation: "discountCodeFreeShippingCreate", title: "Free shipping" },
  { rewardId: "free-apron", kind: "free_product", points: 900, lifetimeHours: 96, mutation: "discountCodeBasicCreate", title: "Free Linen apron — Natural" },
] as const;

let nextId = 1;

function scriptShopify(shop: string, outcome: "accept" | "refuse") {
  const scenario = adminApi.store.shop(shop);
  const created = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextId++}` }, userErrors: [] });
  const refused = () => ({ codeDiscountNode: null, userErrors: [{ field: ["code"], message: "Code must be unique", code: "TAKEN" }] });
  scenario.mutation.discountCodeBasicCreate = outcome === "accept" ? created : refused;
  scenario.mutation.discountCodeFreeShippingCreate = outcome === "accept" ? created : refused;
  scenario.mutation.storeCreditAccountCredit = (args: Record<string, unknown>) =>
    outcome === "accept"
      ? { storeCreditAccountTransaction: { id: `gid://shopify/StoreCreditAccountCreditTransaction/${nextId++}`, amount: (args.creditInput as { creditAmount: unknown }).creditAmount }, userErrors: [] }
      : { storeCreditAccountTransaction: null, userErrors: [{ field: ["id"], message: "Owner does not exist", code: "OWNER_NOT_FOUND" }] };
  scenario.query.productVariants = [{ id: VARIANT, title: "Natural", price: "64.00", product: { id: "gid://shopify/Product/71001", title: "Linen apron" } }];
}

describe.each(testDatabaseKinds())("the reward catalogue for shoppers on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let rules: ProgramRules;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 12);
    rules = programRulesSchema.parse({ rewards: CATALOGUE });
    await setProgramRules(t.db.prisma, SHOP, rules);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    scriptShopify(SHOP, "accept");
  });

  const member = (customer: number) => members[customer - 1] as string;
  async function give(customer: number, points: number, shop = SHOP, memberId = member(customer)) {
    const outcome = await t.db.ledger.recordTransfer({ shop, memberId, code: "ADJUSTMENT", points, status: "posted", idempotencyKey: `test:give:${shop}:${customer}:${points}` });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const balance = (memberId: string) => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId } });
  const redeem = (customer: number, body: unknown, locale = "en", shop = SHOP) =>
    app(extensionRequest(`/api/shopper/redeem?locale=${locale}`, sessionToken({ shop, customerId: String(customer) }), { body }));
  const sent = (operation: string) => adminApi.store.requests.filter((request) => request.query.includes(`${operation}(`));
  const rowOf = (code: string) => t.db.prisma.redemption.findFirstOrThrow({ where: { code } });

  it.each(CODE_KINDS)("issues a $kind code ($rewardId) with its own terms and lifetime, holding the points", async (reward) => {
    const customer = 1 + CODE_KINDS.indexOf(reward);
    await give(customer, 5_000);
    const response = await redeem(customer, { rewardId: reward.rewardId, requestId: `issue-${reward.rewardId}` });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ points: reward.points, status: "issued", reward: { id: reward.rewardId, kind: reward.kind, points: reward.points, title: reward.title } });
    const row = await rowOf(body.code);
    expect(row).toMatchObject({ status: "issued", points: reward.points });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(reward.lifetimeHours * HOUR);
    expect(await balance(member(customer))).toMatchObject({ pendingDebit: reward.points, available: 5_000 - reward.points });

    const [request] = sent(reward.mutation);
    const input = Object.values(request?.variables ?? {})[0] as Record<string, unknown>;
    expect(input).toMatchObject({ code: body.code, usageLimit: 1, endsAt: row.expiresAt.toISOString(), context: { customers: { add: [`gid://shopify/Customer/${customer}`] } } });
    if (reward.kind === "amount_off") {
      expect(input.customerGets).toEqual({ value: { discountAmount: { amount: "10.00", appliesOnEachItem: false } }, items: { collections: { add: ["gid://shopify/Collection/41"] } } });
      expect(input.minimumRequirement).toEqual({ subtotal: { greaterThanOrEqualToSubtotal: "20.00" } });
    }
    if (reward.kind === "percentage_off") expect(input.customerGets).toEqual({ value: { percentage: 0.15 }, items: { all: true } });
    // One unit of the variant free: its price, once, on that variant only.
    if (reward.kind === "free_product") {
      expect(input.customerGets).toEqual({ value: { discountAmount: { amount: "64.00", appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: [VARIANT] } } });
      expect(JSON.parse(row.reward ?? "{}")).toMatchObject({ variantId: VARIANT, amountMinor: 6_400 });
    }
  });

  it.each(CODE_KINDS)("settles a $kind code when a paid order uses it", async (reward) => {
    const customer = 1 + CODE_KINDS.indexOf(reward);
    const before = await balance(member(customer));
    const body = await (await redeem(customer, { rewardId: reward.rewardId, requestId: `apply-${reward.rewardId}` })).json();
    const orderId = 9_100 + customer;
    const order = orderPayload({ id: orderId, customer: { id: customer, state: "enabled" }, subtotal: "0.00", discountCodes: [body.code] });
    expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect(await rowOf(body.code)).toMatchObject({ status: "used", orderId: String(orderId) });
    expect(await balance(member(customer))).toMatchObject({ posted: before.posted - reward.points, pendingDebit: before.pendingDebit });
  });

  it.each(CODE_KINDS)("gives a $kind code's points back once when the order that used it is cancelled", async (reward) => {
    const customer = 1 + CODE_KINDS.indexOf(reward);
    const before = await balance(member(customer));
    const body = await (await redeem(customer, { rewardId: reward.rewardId, requestId: `cancel-${reward.rewardId}` })).json();
    const orderId = 9_200 + customer;
    const paid = orderPayload({ id: orderId, customer: { id: customer, state: "enabled" }, subtotal: "0.00", discountCodes: [body.code] });
    expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", paid, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect(await rowOf(body.code)).toMatchObject({ status: "used", orderId: String(orderId) });
    expect(await balance(member(customer))).toMatchObject({ posted: before.posted - reward.points });

    const cancelled = orderPayload({ id: orderId, customer: { id: customer, state: "enabled" }, subtotal: "0.00", discountCodes: [body.code], cancelledAt: "2026-11-21T09:00:00-05:00" });
    expect((await app(signedWebhook("/webhooks/orders/cancelled", "orders/cancelled", cancelled, { shop: SHOP }))).status).toBe(200);
    // A second webhook for the same cancellation gives nothing more.
    expect((await app(signedWebhook("/webhooks/orders/cancelled", "orders/cancelled", cancelled, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect(await rowOf(body.code)).toMatchObject({ status: "returned" });
    expect(await balance(member(customer))).toMatchObject({ posted: before.posted, pendingDebit: before.pendingDebit, available: before.available });
    const returned = await t.db.prisma.transfer.findMany({ where: { code: "REDEMPTION_RETURNED", memberId: member(customer), orderId: String(orderId) } });
    expect(returned.map((transfer) => transfer.points)).toEqual([reward.points]);
  });

  it.each(CODE_KINDS)("gives a $kind code's points back when it lapses after its own lifetime, not before", async (reward) => {
    const customer = 1 + CODE_KINDS.indexOf(reward);
    const body = await (await redeem(customer, { rewardId: reward.rewardId, requestId: `lapse-${reward.rewardId}` })).json();
    const row = await rowOf(body.code);
    const deactivated: string[] = [];
    const deps = { deactivateDiscount: async (_shop: string, id: string) => void deactivated.push(id) };
    await runDueJobs(t.db, new Date(row.expiresAt.getTime() - 1_000), deps);
    expect(await rowOf(body.code)).toMatchObject({ status: "issued" });
    await runDueJobs(t.db, new Date(row.expiresAt.getTime() + 1_000), deps);
    expect(await rowOf(body.code)).toMatchObject({ status: "released" });
    expect(deactivated).toContain(row.discountId);
    expect(await t.db.prisma.transfer.findFirst({ where: { pendingId: row.reservationId } })).toMatchObject({ code: "REDEMPTION_RELEASE", status: "voided" });
    // The points are back: only codes still open hold any.
    const open = await t.db.prisma.redemption.aggregate({ where: { memberId: member(customer), status: "issued" }, _sum: { points: true } });
    expect(await balance(member(customer))).toMatchObject({ pendingDebit: open._sum.points ?? 0 });
  });

  it.each(CODE_KINDS)("gives a $kind reward's points back when Shopify refuses its code", async (reward) => {
    const customer = 1 + CODE_KINDS.indexOf(reward);
    const before = await balance(member(customer));
    scriptShopify(SHOP, "refuse");
    const response = await redeem(customer, { rewardId: reward.rewardId, requestId: `refused-${reward.rewardId}` });
    expect(response.status).toBe(502);
    expect((await response.json()).error.code).toBe("redemption_failed");
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { requestId: `refused-${reward.rewardId}` } })).toMatchObject({ status: "failed" });
    expect(await balance(member(customer))).toMatchObject({ available: before.available, pendingDebit: before.pendingDebit, posted: before.posted });
  });

  it("credits store credit in the shop's currency and spends the points when Shopify confirms, once per request", async () => {
    await give(6, 2_500);
    const response = await redeem(6, { rewardId: "credit-10", requestId: "credit-confirmed" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "credited", points: 1_000, reward: { id: "credit-10", kind: "store_credit", amountMinor: 1_000, title: "$10.00 store credit" } });
    expect(body.code).toMatch(/^CREDIT-/);
    const [request] = sent("storeCreditAccountCredit");
    expect(request?.variables).toEqual({ id: "gid://shopify/Customer/6", creditInput: { creditAmount: { amount: "10.00", currencyCode: "USD" } } });
    expect(await rowOf(body.code)).toMatchObject({ status: "credited" });
    expect(await balance(member(6))).toMatchObject({ posted: 1_500, pendingDebit: 0, available: 1_500 });

    const again = await redeem(6, { rewardId: "credit-10", requestId: "credit-confirmed" });
    expect(await again.json()).toMatchObject({ code: body.code, status: "credited" });
    expect(sent("storeCreditAccountCredit")).toHaveLength(1);
    expect(await balance(member(6))).toMatchObject({ posted: 1_500, available: 1_500 });
  });

  it("gives store credit's points back when Shopify refuses the credit", async () => {
    scriptShopify(SHOP, "refuse");
    const response = await redeem(6, { rewardId: "credit-10", requestId: "credit-refused" }, "fr");
    expect(response.status).toBe(502);
    expect((await response.json()).error).toEqual({ code: "redemption_failed", message: "Nous n'avons pas pu créer votre code ; vos points n'ont pas été utilisés. Réessayez dans quelques minutes." });
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { requestId: "credit-refused" } })).toMatchObject({ status: "failed" });
    expect(await t.db.prisma.transfer.findFirst({ where: { memberId: member(6), code: "REDEMPTION_RELEASE" } })).toMatchObject({ status: "voided" });
    expect(await balance(member(6))).toMatchObject({ posted: 1_500, pendingDebit: 0, available: 1_500 });
  });

  it("refuses bad input in the shopper's language and holds no points", async () => {
    await give(7, 950);
    scriptShopify(SHOP, "accept");
    adminApi.store.shop(SHOP).query.productVariants = [];
    const cases: [unknown, string, number, string, string][] = [
      [{ rewardId: "no-such-reward", requestId: "bad-0001" }, "en", 404, "unknown_reward", "This reward is no longer available. Pick another one."],
      [{ rewardId: "old-offer", requestId: "bad-0002" }, "fr", 404, "unknown_reward", "Cette récompense n'est plus disponible. Choisissez-en une autre."],
      [{ rewardId: "credit-10", requestId: "bad-0003" }, "es", 422, "insufficient_points", "Necesitas 1000 puntos para esta recompensa y tienes 950 puntos."],
      [{ rewardId: "free-apron", requestId: "bad-0004" }, "de", 409, "reward_unavailable", "Das Produkt dieser Prämie wird nicht mehr verkauft; es wurden keine Punkte verwendet. Wählen Sie eine andere Prämie."],
    ];
    for (const [body, locale, status, code, message] of cases) {
      const response = await redeem(7, body, locale);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect((await response.json()).error).toMatchObject({ code, message });
    }
    expect(await t.db.prisma.redemption.count({ where: { memberId: member(7) } })).toBe(0);
    expect(await balance(member(7))).toMatchObject({ available: 950, pendingDebit: 0 });
    expect(adminApi.store.requests.filter((request) => request.operation === "mutation")).toHaveLength(0);
  });

  it("keeps an issued code's terms when the merchant edits the reward (ADR 009)", async () => {
    await give(8, 3_000);
    const body = await (await redeem(8, { rewardId: "ten-off", requestId: "frozen-0001" })).json();
    const edited = rules.rewards.map((reward) => (reward.id === "ten-off" ? { ...reward, points: 2_000, amountMinor: 2_500, codeLifetimeHours: 1 } : reward));
    await setProgramRules(t.db.prisma, SHOP, { ...rules, rewards: edited });
    const row = await rowOf(body.code);
    expect(JSON.parse(row.reward ?? "{}")).toMatchObject({ id: "ten-off", points: 1_000, amountMinor: 1_000, codeLifetimeHours: 48 });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(48 * HOUR);
    const summary = await (await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: "8" })))).json();
    expect(summary.codes).toEqual([expect.objectContaining({ code: body.code, points: 1_000, title: "$10.00 off on selected items on orders of $20.00 or more" })]);
    expect(summary.rewards.find((reward: { id: string }) => reward.id === "ten-off")).toMatchObject({ points: 2_000, amountMinor: 2_500 });
    await setProgramRules(t.db.prisma, SHOP, rules);
  });

  it("offers a shop whose program was saved before the catalogue exactly what it offered, and redeems on its terms", async () => {
    const OLD_SHOP = "legacy-program.myshopify.com";
    await upsertShop(t.db.prisma, { domain: OLD_SHOP, name: "Legacy", currencyCode: "USD" });
    // As an older Tally stored it: the rewards inside `redemption`, codes lasting 48 hours.
    const stored = {
      earn: { points: 1, unitMinor: 100, includeTestOrders: false, pendingDays: 0 },
      signupBonus: 100,
      redemption: {
        points: 100,
        unitMinor: 100,
        minimumPoints: 400,
        stepPoints: 200,
        codeLifetimeHours: 48,
        percentageOff: { enabled: true, percent: 15, points: 1_200, minimumOrderMinor: 5_000 },
        freeShipping: { enabled: false, points: 500, minimumOrderMinor: 0 },
      },
    };
    await t.db.prisma.shop.update({ where: { domain: OLD_SHOP }, data: { programRules: JSON.stringify(stored) } });
    await storeOfflineSession(t.db, OLD_SHOP);
    scriptShopify(OLD_SHOP, "accept");
    const legacyMember = await upsertMember(t.db.prisma, { shop: OLD_SHOP, customerId: "50", email: "old@example.com", firstName: "Old", lastName: "Timer", accountState: "enabled" }, "member");
    await give(50, 3_000, OLD_SHOP, legacyMember.id);

    const summary = await (await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: OLD_SHOP, customerId: "50" })))).json();
    expect(summary.rewards.map((reward: { id: string; points: number; title: string }) => [reward.id, reward.points, reward.title])).toEqual([
      ["amount-off-400", 400, "$4.00 off"],
      ["amount-off-600", 600, "$6.00 off"],
      ["amount-off-800", 800, "$8.00 off"],
      ["amount-off-1000", 1_000, "$10.00 off"],
      ["amount-off-3000", 3_000, "$30.00 off"],
      ["percentage-off-15", 1_200, "15% off your order on orders of $50.00 or more"],
    ]);
    const body = await (await redeem(50, { rewardId: "percentage-off-15", requestId: "legacy-0001" }, "en", OLD_SHOP)).json();
    const row = await rowOf(body.code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(48 * HOUR);
    expect(parseProgramRules(JSON.stringify(stored)).rewards.map((reward) => [reward.id, reward.enabled])).toEqual([
      ["amount-off", true],
      ["percentage-off-15", true],
      ["free-shipping", false],
    ]);
  });
});
