// A catalogue reward as a tier's entry reward, from the real entry points on SQLite and PostgreSQL: the program
// (saved by the Program page's command) gives Silver free shipping (a reward switched off for sale) and Gold store
// credit beside 500 points; orders paid by signed webhooks move members up; the job runner's feed queues one grant
// per member and tier in its unit of work and the same run asks the Admin API stand-in for it, outside any
// transaction. Exactly once under redelivery, re-runs and a member climbing back; a refusal is retried later and
// costs no points; a code or a store credit Shopify made while its answer was lost is adopted, not made twice; the shopper sees the
// code with their other codes; an excluded member or a paused program gets nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { auditBalances } from "~/loyalty/ledger/ledger-audit.server";
import { programRulesSchema } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { keepStoreCreditAccounts } from "../support/store-credit-accounts";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const MINUTE = 60_000;
const staff = { id: "staff-1", name: "Staff One" };

let nextId = 1;
type Outcome = "accept" | "refuse";

/** What the stand-in answers for codes and store credit. */
function scriptShopify(outcome: Outcome) {
  const scenario = adminApi.store.shop(SHOP);
  scenario.mutation.discountCodeFreeShippingCreate = () =>
    outcome === "accept"
      ? { codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextId++}` }, userErrors: [] }
      : { codeDiscountNode: null, userErrors: [{ field: ["freeShippingCodeDiscount"], message: "Try again later", code: "INTERNAL_ERROR" }] };
  scenario.mutation.storeCreditAccountCredit = (args: Record<string, unknown>) =>
    outcome === "accept"
      ? { storeCreditAccountTransaction: { id: `gid://shopify/StoreCreditAccountCreditTransaction/${nextId++}`, amount: (args.creditInput as { creditAmount: unknown }).creditAmount }, userErrors: [] }
      : { storeCreditAccountTransaction: null, userErrors: [{ field: ["id"], message: "Store credit is not available", code: "ACCOUNT_NOT_FOUND" }] };
  scenario.query.codeDiscountNodeByCode = null;
}

describe.each(testDatabaseKinds())("catalogue rewards for reaching a tier on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let jobs: JobDependencies;

  async function send(topic: string, payload: unknown, webhookId?: string) {
    const response = await app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, ...(webhookId ? { webhookId } : {}) }));
    expect(response.status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
  }
  const paid = (id: number, customerId: number, subtotal: string, webhookId?: string) => send("orders/paid", orderPayload({ id, customer: { id: customerId, state: "enabled" }, subtotal }), webhookId);
  const memberOf = (customerId: number) => t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: String(customerId) } });
  const grantsOf = async (customerId: number) =>
    t.db.prisma.tierRewardGrant.findMany({ where: { memberId: (await memberOf(customerId)).id }, orderBy: { createdAt: "asc" } });
  const sent = (mutation: string) => adminApi.store.requests.filter((request) => request.query.includes(`${mutation}(`));
  const balance = async (customerId: number) => (await t.db.prisma.balance.findUnique({ where: { memberId: (await memberOf(customerId)).id } }))?.available ?? 0;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 0);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
    jobs = { deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) };
    const rules = programRulesSchema.parse({
      rewards: [
        { id: "amount-off", name: "Amount off", kind: "amount_off", pricing: "per_points", points: 500, stepPoints: 100 },
        // Off for sale: kept as Silver's welcome.
        { id: "silver-shipping", name: "Free shipping", kind: "free_shipping", points: 500, enabled: false, codeLifetimeHours: 720 },
        { id: "gold-credit", name: "Five in credit", kind: "store_credit", points: 1_000, amountMinor: 500 },
      ],
    });
    const tiers = rules.tiers.map((tier) =>
      tier.key === "silver" ? { ...tier, entryRewardId: "silver-shipping" } : tier.key === "gold" ? { ...tier, entryPoints: 500, entryRewardId: "gold-credit" } : tier,
    );
    expect(await saveProgramRules(t.db, { shop: SHOP, staff, rules: { ...rules, tiers }, now: new Date() })).toMatchObject({ status: "saved" });
    // The feed's first look at the shop: history before it is not replayed.
    await runDueJobs(t.db, new Date(), jobs);
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    scriptShopify("accept");
  });

  it("issues the tier's reward once through the Admin API, whatever is delivered or run again, and shows the shopper the code", async () => {
    const first = orderPayload({ id: 8501, customer: { id: 51, state: "enabled" }, subtotal: "600.00" });
    await send("orders/paid", first, "paid-8501");
    await send("orders/paid", first, "paid-8501-again");
    const run = await runDueJobs(t.db, new Date(), jobs);
    expect(run.tierRewards).toEqual({ issued: 1, failed: 0 });
    await runDueJobs(t.db, new Date(), jobs);

    const [created, ...more] = sent("discountCodeFreeShippingCreate");
    expect(more).toHaveLength(0);
    const [grant] = await grantsOf(51);
    expect(grant).toMatchObject({ tierKey: "silver", status: "issued", attempts: 1, discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//) as string });
    const input = created?.variables.freeShippingCodeDiscount as { code: string; usageLimit: number; context: unknown; endsAt: string };
    expect(input).toMatchObject({ code: grant?.code, usageLimit: 1, context: { customers: { add: ["gid://shopify/Customer/51"] } } });
    expect(grant?.code).toMatch(/^TIER-/);
    expect(new Date(input.endsAt).getTime()).toBe(grant?.expiresAt?.getTime());
    // It cost nothing, and no points were held for it.
    expect(await balance(51)).toBe(600);
    expect(await t.db.prisma.transfer.count({ where: { memberId: (await memberOf(51)).id, code: { in: ["REDEMPTION", "TIER_ENTRY"] } } })).toBe(0);

    const response = await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: "51" })));
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      codes: { code: string; points: number; expiresAt: string; title: string | null }[];
      program: { waysToEarn: { kind: string; points: number; text: string }[] };
    };
    expect(summary.codes).toEqual([{ code: grant?.code, points: 0, expiresAt: grant?.expiresAt?.toISOString(), title: "Free shipping" }]);
    // The ways to earn name each tier's gift, in the shopper's language.
    expect(summary.program.waysToEarn.filter((way) => way.kind === "tier")).toEqual([
      { kind: "tier", points: 0, text: "Get Free shipping on reaching Silver" },
      { kind: "tier", points: 500, text: "Get 500 points and $5.00 store credit on reaching Gold" },
    ]);
    const german = (await (await app(extensionRequest("/api/shopper/summary?locale=de", sessionToken({ shop: SHOP, customerId: "51" })))).json()) as typeof summary;
    expect(german.program.waysToEarn.filter((way) => way.kind === "tier").map((way) => way.text)).toEqual([
      expect.stringMatching(/ beim Erreichen der Stufe Silver$/),
      expect.stringMatching(/^500 Punkte und .+ beim Erreichen der Stufe Gold$/),
    ]);

    // Refunded in full: back to Member; then Silver again: no second grant, no second code.
    await send("refunds/create", refundPayload({ id: 9501, orderId: 8501, lines: [{ subtotal: "600.00" }] }));
    await runDueJobs(t.db, new Date(), jobs);
    expect(await memberOf(51)).toMatchObject({ tier: "member" });
    await paid(8502, 51, "700.00");
    await runDueJobs(t.db, new Date(), jobs);
    expect(await memberOf(51)).toMatchObject({ tier: "silver" });
    expect(await grantsOf(51)).toHaveLength(1);
    expect(sent("discountCodeFreeShippingCreate")).toHaveLength(1);
  });

  it("retries what Shopify refuses, later, losing no points, and pays Gold's points beside its store credit", async () => {
    scriptShopify("refuse");
    const now = new Date();
    await paid(8601, 52, "2000.00");
    const refused = await runDueJobs(t.db, now, jobs);
    expect(refused.tierRewards).toEqual({ issued: 0, failed: 1 });
    const [grant] = await grantsOf(52);
    expect(grant).toMatchObject({ tierKey: "gold", status: "queued", attempts: 1, lastError: expect.stringContaining("ACCOUNT_NOT_FOUND") as string });
    // Gold's points are paid at once, and the refusal takes none of them.
    expect(await balance(52)).toBe(2000 + 500);
    // Not before the retry is due.
    expect((await runDueJobs(t.db, new Date(now.getTime() + MINUTE), jobs)).tierRewards).toEqual({ issued: 0, failed: 0 });
    expect(sent("storeCreditAccountCredit")).toHaveLength(1);

    scriptShopify("accept");
    const retried = await runDueJobs(t.db, new Date(now.getTime() + 6 * MINUTE), jobs);
    expect(retried.tierRewards).toEqual({ issued: 1, failed: 0 });
    expect(await grantsOf(52)).toMatchObject([{ status: "credited", attempts: 2, lastError: null }]);
    const credits = sent("storeCreditAccountCredit");
    expect(credits).toHaveLength(2);
    expect(credits[1]?.variables).toEqual({ id: "gid://shopify/Customer/52", creditInput: { creditAmount: { amount: "5.00", currencyCode: "USD" } } });
    await runDueJobs(t.db, new Date(now.getTime() + 60 * MINUTE), jobs);
    expect(sent("storeCreditAccountCredit")).toHaveLength(2);
    expect(await balance(52)).toBe(2500);
    expect((await auditBalances(t.db)).drift).toEqual([]);
  });

  it("adopts a store credit Shopify made while its answer was lost, instead of crediting a second", async () => {
    const accounts = keepStoreCreditAccounts(adminApi.store.shop(SHOP));
    adminApi.store.loseAnswerTo = (request) => request.operationName === "TallyCreditStoreCredit";
    const now = new Date();
    await paid(8651, 56, "2000.00");
    expect((await runDueJobs(t.db, now, jobs)).tierRewards).toEqual({ issued: 0, failed: 1 });
    expect(accounts.credits).toHaveLength(1);
    expect(await grantsOf(56)).toMatchObject([{ tierKey: "gold", status: "queued", attempts: 1, creditTransactionId: null }]);

    // The retry cannot read the account either: it credits nothing blindly, and waits as for any lost answer.
    adminApi.store.loseAnswerTo = (request) => request.operationName === "TallyStoreCreditCredits";
    const unread = await runDueJobs(t.db, new Date(now.getTime() + 6 * MINUTE), jobs);
    expect(unread).toMatchObject({ tierRewards: { issued: 0, failed: 1 }, failures: 0 });
    expect(sent("storeCreditAccountCredit")).toHaveLength(1);

    adminApi.store.loseAnswerTo = null;
    expect((await runDueJobs(t.db, new Date(now.getTime() + 20 * MINUTE), jobs)).tierRewards).toEqual({ issued: 1, failed: 0 });
    expect(await grantsOf(56)).toMatchObject([{ status: "credited", attempts: 3, creditTransactionId: accounts.credits[0]?.id }]);
    expect(sent("storeCreditAccountCredit")).toHaveLength(1);
    expect(accounts.credits).toHaveLength(1);
  });

  it("credits again when the lost answer's credit was never made, once", async () => {
    const accounts = keepStoreCreditAccounts(adminApi.store.shop(SHOP));
    accounts.accepting = false;
    adminApi.store.loseAnswerTo = (request) => request.operationName === "TallyCreditStoreCredit";
    const now = new Date();
    await paid(8661, 57, "2000.00");
    expect((await runDueJobs(t.db, now, jobs)).tierRewards).toEqual({ issued: 0, failed: 1 });

    adminApi.store.loseAnswerTo = null;
    accounts.accepting = true;
    expect((await runDueJobs(t.db, new Date(now.getTime() + 6 * MINUTE), jobs)).tierRewards).toEqual({ issued: 1, failed: 0 });
    expect(accounts.credits).toHaveLength(1);
    expect(await grantsOf(57)).toMatchObject([{ status: "credited", creditTransactionId: accounts.credits[0]?.id }]);
    expect(sent("storeCreditAccountCredit")).toHaveLength(2);
  });

  it("adopts a code Shopify made while its answer was lost, instead of making a second", async () => {
    scriptShopify("refuse");
    const now = new Date();
    await paid(8701, 53, "600.00");
    expect((await runDueJobs(t.db, now, jobs)).tierRewards).toEqual({ issued: 0, failed: 1 });
    const [queued] = await grantsOf(53);
    // Shopify has the code after all (the refusal was a lost answer): the retry finds it by the grant's code.
    adminApi.store.shop(SHOP).query.codeDiscountNodeByCode = { id: "gid://shopify/DiscountCodeNode/777", codeDiscount: { __typename: "DiscountCodeFreeShipping", title: "Free shipping" } };
    expect((await runDueJobs(t.db, new Date(now.getTime() + 6 * MINUTE), jobs)).tierRewards).toEqual({ issued: 1, failed: 0 });
    expect(await grantsOf(53)).toMatchObject([{ id: queued?.id, code: queued?.code, status: "issued", discountId: "gid://shopify/DiscountCodeNode/777" }]);
    expect(sent("discountCodeFreeShippingCreate")).toHaveLength(1);
    const lookup = adminApi.store.requests.find((request) => request.query.includes("codeDiscountNodeByCode("));
    expect(lookup?.variables).toEqual({ code: queued?.code });
  });

  it("grants nothing to an excluded member or while the program is paused", async () => {
    const rules = (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
    const parsed = programRulesSchema.parse(JSON.parse(rules));
    expect(await saveProgramRules(t.db, { shop: SHOP, staff, rules: { ...parsed, exclusions: { customerTags: ["staff"] } }, now: new Date() })).toMatchObject({ status: "saved" });
    const payload = orderPayload({ id: 8801, customer: { id: 54, state: "enabled" }, subtotal: "600.00" });
    await send("orders/paid", { ...payload, customer: { ...payload.customer, tags: "Staff" } });
    expect(await memberOf(54)).toMatchObject({ tier: "silver" });
    await runDueJobs(t.db, new Date(), jobs);
    expect(await grantsOf(54)).toEqual([]);

    expect(await saveProgramRules(t.db, { shop: SHOP, staff, rules: { ...parsed, paused: true }, now: new Date() })).toMatchObject({ status: "saved" });
    await paid(8802, 55, "600.00");
    expect(await memberOf(55)).toMatchObject({ tier: "silver" });
    await runDueJobs(t.db, new Date(), jobs);
    expect(await grantsOf(55)).toEqual([]);
    expect(sent("discountCodeFreeShippingCreate")).toHaveLength(0);
  });
});
