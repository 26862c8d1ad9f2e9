// A store credit whose answer from Shopify was lost is neither paid twice nor lost: its points stay held until the
// lapsed-code job has read the customer's store credit account. A credit Shopify made spends them, once; none made
// gives them back, once; a credit is matched to one redemption only; Shopify out of reach keeps them held. Driven
// through the built app (the shopper API, session token) and the real job runner, against the Admin API stand-in,
// which runs the mutation and then drops the connection (docs/decisions/070-a-lost-store-credit-answer-is-looked-up.md).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { auditBalances } from "~/loyalty/ledger/ledger-audit.server";
import { programRulesSchema } from "~/loyalty/program/program-rules";
import { setProgramRules } from "~/loyalty/program/shop-store.server";
import { LOOK_FOR_LOST_CREDIT_AFTER_MS } from "~/loyalty/redemption/redeem-reward.server";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { keepStoreCreditAccounts, type StoreCreditAccounts } from "../support/store-credit-accounts";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const MINUTE = 60_000;
const CREDIT = "TallyCreditStoreCredit";
const LOOKUP = "TallyStoreCreditCredits";

describe.each(testDatabaseKinds())("a store credit whose answer was lost, on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];
  let accounts: StoreCreditAccounts;
  let jobs: JobDependencies;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 5);
    await setProgramRules(t.db.prisma, SHOP, programRulesSchema.parse({ rewards: [{ id: "credit-10", name: "Credit", kind: "store_credit", points: 1_000, amountMinor: 1_000 }] }));
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
    jobs = { deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) };
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    accounts = keepStoreCreditAccounts(adminApi.store.shop(SHOP));
  });

  const member = (customer: number) => members[customer - 1] as string;
  async function give(customer: number, points: number) {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member(customer), code: "ADJUSTMENT", points, status: "posted", idempotencyKey: `test:give:${customer}` });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const balance = (customer: number) => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: member(customer) }, select: { posted: true, pendingDebit: true, available: true } });
  const redeem = (customer: number, requestId: string) =>
    app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: String(customer) }), { body: { rewardId: "credit-10", requestId } }));
  const redemptionsOf = (customer: number) => t.db.prisma.redemption.findMany({ where: { memberId: member(customer) }, orderBy: { createdAt: "asc" } });
  const asked = (operation: string) => adminApi.store.requests.filter((request) => request.operationName === operation).length;
  const transfersOf = (customer: number, code: string) => t.db.prisma.transfer.count({ where: { memberId: member(customer), code } });
  const loseAnswersTo = (...operations: string[]) => {
    adminApi.store.loseAnswerTo = (request) => operations.includes(request.operationName ?? "");
  };

  it("spends the held points once when Shopify made the credit, and never credits it a second time", async () => {
    await give(1, 1_500);
    loseAnswersTo(CREDIT);
    const response = await redeem(1, "lost-answer-0001");
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatchObject({
      code: "redemption_in_progress",
      message: "Your reward is still being prepared, and your points are held for it. Check again in a few minutes.",
    });
    expect(accounts.credits).toHaveLength(1);
    // Held, neither spent nor given back: Shopify may have made the credit.
    expect(await balance(1)).toEqual({ posted: 1_500, pendingDebit: 1_000, available: 500 });
    const [row] = await redemptionsOf(1);
    expect(row).toMatchObject({ status: "issuing", creditTransactionId: null });
    adminApi.store.loseAnswerTo = null;

    // Before the look-up is due, nothing moves.
    const askedAt = row?.createdAt.getTime() ?? 0;
    await runDueJobs(t.db, new Date(askedAt + LOOK_FOR_LOST_CREDIT_AFTER_MS - MINUTE), jobs);
    expect(await balance(1)).toEqual({ posted: 1_500, pendingDebit: 1_000, available: 500 });
    expect(asked(LOOKUP)).toBe(0);

    const run = await runDueJobs(t.db, new Date(askedAt + LOOK_FOR_LOST_CREDIT_AFTER_MS + MINUTE), jobs);
    expect(run.failures).toBe(0);
    expect(asked(LOOKUP)).toBe(1);
    expect(await redemptionsOf(1)).toMatchObject([{ status: "credited", creditTransactionId: accounts.credits[0]?.id }]);
    expect(await balance(1)).toEqual({ posted: 500, pendingDebit: 0, available: 500 });
    expect(await transfersOf(1, "REDEMPTION_RELEASE")).toBe(0);

    // The shopper asks again with the same request: the credit, as made, and nothing asked of Shopify.
    const again = await redeem(1, "lost-answer-0001");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "credited", points: 1_000 });
    await runDueJobs(t.db, new Date(askedAt + 2 * LOOK_FOR_LOST_CREDIT_AFTER_MS), jobs);
    expect(asked(CREDIT)).toBe(1);
    expect(accounts.credits).toHaveLength(1);
    expect(await balance(1)).toEqual({ posted: 500, pendingDebit: 0, available: 500 });
    expect((await auditBalances(t.db)).drift).toEqual([]);
  });

  it("gives the points back once when Shopify made no credit", async () => {
    await give(2, 1_000);
    accounts.accepting = false;
    loseAnswersTo(CREDIT);
    expect((await redeem(2, "lost-answer-0002")).status).toBe(409);
    expect(accounts.credits).toHaveLength(0);
    expect(await balance(2)).toEqual({ posted: 1_000, pendingDebit: 1_000, available: 0 });
    adminApi.store.loseAnswerTo = null;

    const later = new Date(Date.now() + LOOK_FOR_LOST_CREDIT_AFTER_MS + MINUTE);
    await runDueJobs(t.db, later, jobs);
    await runDueJobs(t.db, new Date(later.getTime() + MINUTE), jobs);
    expect(await redemptionsOf(2)).toMatchObject([{ status: "failed", creditTransactionId: null }]);
    expect(await balance(2)).toEqual({ posted: 1_000, pendingDebit: 0, available: 1_000 });
    expect(await transfersOf(2, "REDEMPTION_RELEASE")).toBe(1);
    expect(asked(CREDIT)).toBe(1);
    expect((await redeem(2, "lost-answer-0002")).status).toBe(502);
  });

  it("matches one credit to one redemption: two lost answers and one credit made spend one reward and give one back", async () => {
    await give(3, 2_000);
    loseAnswersTo(CREDIT);
    expect((await redeem(3, "lost-answer-0003a")).status).toBe(409);
    accounts.accepting = false;
    expect((await redeem(3, "lost-answer-0003b")).status).toBe(409);
    expect(accounts.credits).toHaveLength(1);
    adminApi.store.loseAnswerTo = null;
    expect(await balance(3)).toEqual({ posted: 2_000, pendingDebit: 2_000, available: 0 });

    await runDueJobs(t.db, new Date(Date.now() + LOOK_FOR_LOST_CREDIT_AFTER_MS + MINUTE), jobs);
    const rows = await redemptionsOf(3);
    expect(rows.map((row) => row.status).sort()).toEqual(["credited", "failed"]);
    expect(rows.find((row) => row.status === "credited")?.creditTransactionId).toBe(accounts.credits[0]?.id);
    expect(await balance(3)).toEqual({ posted: 1_000, pendingDebit: 0, available: 1_000 });
  });

  it("keeps the points held while Shopify cannot be read, and settles once it can", async () => {
    await give(4, 1_000);
    loseAnswersTo(CREDIT, LOOKUP);
    expect((await redeem(4, "lost-answer-0004")).status).toBe(409);
    const later = new Date(Date.now() + LOOK_FOR_LOST_CREDIT_AFTER_MS + MINUTE);
    const failed = await runDueJobs(t.db, later, jobs);
    // Expected now and then, so a warning rather than a job failure.
    expect(failed.failures).toBe(0);
    expect(asked(LOOKUP)).toBe(1);
    expect(await redemptionsOf(4)).toMatchObject([{ status: "issuing" }]);
    expect(await balance(4)).toEqual({ posted: 1_000, pendingDebit: 1_000, available: 0 });

    adminApi.store.loseAnswerTo = null;
    expect((await runDueJobs(t.db, new Date(later.getTime() + MINUTE), jobs)).failures).toBe(0);
    expect(await redemptionsOf(4)).toMatchObject([{ status: "credited", creditTransactionId: accounts.credits[0]?.id }]);
    expect(await balance(4)).toEqual({ posted: 0, pendingDebit: 0, available: 0 });
    expect(asked(CREDIT)).toBe(1);
  });

  it("gives the points back at once when Shopify's answer says it refused", async () => {
    await give(5, 1_000);
    accounts.accepting = false;
    const response = await redeem(5, "refused-0005");
    expect(response.status).toBe(502);
    expect(await redemptionsOf(5)).toMatchObject([{ status: "failed" }]);
    expect(await balance(5)).toEqual({ posted: 1_000, pendingDebit: 0, available: 1_000 });
    expect(asked(LOOKUP)).toBe(0);
  });
});
