// The Rewards card on a member's page, through the built app signed in as demo staff, on SQLite and PostgreSQL: a
// code the shopper bought (through the shopper API) with its code and end, a store credit whose answer from
// Shopify was lost (held, and when Tally looks it up) then credited, and a tier's store credit Shopify refused
// (waiting, with Shopify's answer and the next try); a member with none says so.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { programRulesSchema } from "~/loyalty/program/program-rules";
import { setProgramRules } from "~/loyalty/program/shop-store.server";
import { LOOK_FOR_LOST_CREDIT_AFTER_MS } from "~/loyalty/redemption/redeem-reward.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { decodeHtml, openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { keepStoreCreditAccounts, type StoreCreditAccounts } from "../support/store-credit-accounts";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "member-rewards.myshopify.com";
const MINUTE = 60_000;

describe.each(testDatabaseKinds())("a member's rewards on their page on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let staff: DemoAdmin;
  let jobs: JobDependencies;
  let accounts: StoreCreditAccounts;
  let nextDiscount = 1;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    staff = await openDemoAdmin(t.url, SHOP);
    await storeOfflineSession(t.db, SHOP);
    jobs = { deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) };
    const rules = programRulesSchema.parse({
      rewards: [
        { id: "five-off", name: "Five off", kind: "amount_off", pricing: "fixed", points: 500, amountMinor: 500 },
        { id: "credit-10", name: "Credit", kind: "store_credit", points: 1_000, amountMinor: 1_000 },
      ],
    });
    const tiers = rules.tiers.map((tier) => (tier.key === "gold" ? { ...tier, entryRewardId: "credit-10" } : tier));
    await h.useProgram(SHOP, () => undefined);
    await setProgramRules(t.db.prisma, SHOP, { ...rules, tiers });
    for (const id of [1, 2]) await h.send(SHOP, "customers/create", customerPayload({ id, email: `member${id}@example.com`, first_name: "Member", last_name: String(id) }));
    await h.work();
    // The feed's first look at the shop: what came before is history.
    await runDueJobs(t.db, new Date(), jobs);
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    accounts = keepStoreCreditAccounts(adminApi.store.shop(SHOP));
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextDiscount++}` }, userErrors: [] });
  });

  const memberOf = (customer: number) => t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customer) } } });
  const redeem = (customer: number, rewardId: string, requestId: string) =>
    h.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: String(customer) }), { body: { rewardId, requestId } }));
  /** The Rewards card's rows, as the page renders them. */
  async function rewardRows(customer: number): Promise<string[]> {
    const response = await staff.get(`/app/members/${(await memberOf(customer)).id}`);
    expect(response.status).toBe(200);
    const html = decodeHtml(await response.text());
    // The card runs from its heading to the next card's (the navigation names the Referrals page earlier).
    const start = html.indexOf(">Rewards<");
    const card = html.slice(start, html.indexOf(">Referrals<", start));
    return card.split(/<tr\b/).slice(2);
  }

  it("shows a bought code, a store credit awaiting Shopify, and a tier's reward Shopify refused, then each as it settles", async () => {
    const member = await memberOf(1);
    const given = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member.id, code: "ADJUSTMENT", points: 1_500, status: "posted", idempotencyKey: "test:give:1" });
    expect(given.ok).toBe(true);
    const bought = await redeem(1, "five-off", "rewards-card-0001");
    expect(bought.status).toBe(200);
    const { code } = (await bought.json()) as { code: string };
    adminApi.store.loseAnswerTo = (request) => request.operationName === "TallyCreditStoreCredit";
    expect((await redeem(1, "credit-10", "rewards-card-0002")).status).toBe(409);
    adminApi.store.loseAnswerTo = null;
    // Gold, whose entry reward Shopify refuses for now.
    accounts.accepting = false;
    expect((await h.send(SHOP, "orders/paid", orderPayload({ id: 9101, customer: { id: 1, state: "enabled" }, subtotal: "2000.00" }))).status).toBe(200);
    await h.work();
    const now = new Date();
    expect((await runDueJobs(t.db, now, jobs)).tierRewards).toEqual({ issued: 0, failed: 1 });

    let rows = await rewardRows(1);
    expect(rows).toHaveLength(3);
    const codeRow = rows.find((row) => row.includes(code));
    expect(codeRow).toContain("$5.00 off");
    expect(codeRow).toContain(">500<");
    expect(codeRow).toContain("Not used yet");
    expect(codeRow).toMatch(/Expires [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    const creditRow = rows.find((row) => row.includes("Store credit · CREDIT-"));
    expect(creditRow).toContain("$10.00 store credit");
    expect(creditRow).toContain("Awaiting Shopify's confirmation; the points are held");
    expect(creditRow).toContain("Shopify's answer was lost: Tally checks the customer's store credit from");
    const tierRow = rows.find((row) => row.includes("For reaching Gold"));
    expect(tierRow).toContain("Waiting for Shopify");
    expect(tierRow).toContain("1 attempt so far (last: Shopify did not credit store credit: ACCOUNT_NOT_FOUND Store credit is not available)");
    expect(tierRow).toContain(">0<");

    // Shopify takes credits again: the lost one is found, the tier's is made.
    accounts.accepting = true;
    await runDueJobs(t.db, new Date(now.getTime() + LOOK_FOR_LOST_CREDIT_AFTER_MS + MINUTE), jobs);
    rows = await rewardRows(1);
    expect(rows.find((row) => row.includes("Store credit · CREDIT-"))).toContain(">Credited<");
    const settledTier = rows.find((row) => row.includes("For reaching Gold"));
    expect(settledTier).toContain(">Credited<");
    expect(settledTier).not.toContain("attempt");
    expect(accounts.credits).toHaveLength(2);
  });

  it("says when a member has no rewards", async () => {
    const response = await staff.get(`/app/members/${(await memberOf(2)).id}`);
    expect(decodeHtml(await response.text())).toContain("No rewards yet: none bought with points and none given for reaching a tier.");
  });
});
