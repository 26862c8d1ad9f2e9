// Redeeming points for a reward through POST /api/shopper/redeem on the built app, with the Admin API stand-in
// creating the codes: points held, a single-use code for that customer only, idempotent per request, no
// overspending under concurrency, points back when Shopify refuses, and the code's life after that (used by an
// order, or lapsed and disabled).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import type { RecordedRequest } from "../../tools/admin-api-standin/scenario-store";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const HOUR = 3_600_000;

function codeMutations(): RecordedRequest[] {
  return adminApi.store.requests.filter((request) => request.operationName === "TallyCreateBasicCode");
}

/** Discount ids stay unique across the file's tests, as Shopify's do. */
let nextDiscount = 1;

function scriptDiscountCreation(outcome: "created" | "refused") {
  adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () =>
    outcome === "created"
      ? { codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextDiscount++}` }, userErrors: [] }
      : { codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique", code: "TAKEN" }] };
}

describe.each(testDatabaseKinds())("redemption on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 6);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    scriptDiscountCreation("created");
  });

  async function give(customer: number, points: number) {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: members[customer - 1] as string, code: "ADJUSTMENT", points, status: "posted", idempotencyKey: `test:give:${customer}:${points}` });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const balance = (customer: number) => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: members[customer - 1] as string } });
  const redeem = (customer: number | null, body: unknown) =>
    app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) }), { body }));

  it("holds the points and returns a single-use code only that customer can use", async () => {
    await give(1, 1_200);
    const response = await redeem(1, { rewardId: "amount-off-500", requestId: "click-0001" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ code: expect.stringMatching(/^TALLY-[2-9A-Z]{4}-[2-9A-Z]{4}$/), points: 500, status: "issued", reward: { id: "amount-off-500", kind: "amount_off", amountMinor: 500, title: "$5.00 off" } });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(23.9 * HOUR);
    expect(await balance(1)).toMatchObject({ posted: 1_200, pendingDebit: 500, available: 700 });

    const [sent] = codeMutations();
    expect(sent?.variables.basicCodeDiscount).toMatchObject({
      code: body.code,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      endsAt: new Date(body.expiresAt).toISOString(),
      context: { customers: { add: ["gid://shopify/Customer/1"] } },
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
    });
    expect(await t.db.prisma.redemption.findFirst({ where: { code: body.code } })).toMatchObject({ status: "issued", discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/), requestId: "click-0001" });
  });

  it("gives the same code for the same request, holding the points once", async () => {
    await give(2, 800);
    const first = await (await redeem(2, { rewardId: "amount-off-600", requestId: "click-0002" })).json();
    const again = await redeem(2, { rewardId: "amount-off-600", requestId: "click-0002" });
    expect(again.status).toBe(200);
    expect((await again.json()).code).toBe(first.code);
    expect(codeMutations()).toHaveLength(1);
    expect(await balance(2)).toMatchObject({ pendingDebit: 600, available: 200 });

    // A double click: the same request three times at once.
    await give(2, 1_000);
    const copies = await Promise.all([1, 2, 3].map(() => redeem(2, { rewardId: "amount-off-500", requestId: "click-0002-double" })));
    expect(copies.map((copy) => copy.status)).toEqual([200, 200, 200]);
    expect(new Set(await Promise.all(copies.map(async (copy) => (await copy.json()).code))).size).toBe(1);
    expect(codeMutations()).toHaveLength(2);
    expect(await balance(2)).toMatchObject({ pendingDebit: 1_100, available: 700 });

    const otherReward = await redeem(2, { rewardId: "amount-off-500", requestId: "click-0002" });
    expect(otherReward.status).toBe(409);
    expect((await otherReward.json()).error.code).toBe("request_conflict");
  });

  it("refuses a reward the shopper cannot afford, saying how many points it needs, and writes nothing", async () => {
    await give(3, 450);
    const response = await redeem(3, { rewardId: "amount-off-500", requestId: "click-0003" });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: "insufficient_points", message: "You need 500 points for this reward and have 450 points.", needed: 500, available: 450 } });
    expect(await t.db.prisma.redemption.count({ where: { memberId: members[2] as string } })).toBe(0);
    expect(codeMutations()).toHaveLength(0);
  });

  it("lets only one of two simultaneous redemptions spend the same points", async () => {
    await give(4, 700);
    const responses = await Promise.all(
      ["click-0004a", "click-0004b", "click-0004c"].map((requestId) => redeem(4, { rewardId: "amount-off-500", requestId })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 422, 422]);
    expect(await balance(4)).toMatchObject({ posted: 700, pendingDebit: 500, available: 200 });
    expect(codeMutations()).toHaveLength(1);
  });

  it("gives the points back with a clear error when Shopify does not create the code", async () => {
    scriptDiscountCreation("refused");
    await give(5, 900);
    const response = await redeem(5, { rewardId: "amount-off-900", requestId: "click-0005" });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toEqual({ code: "redemption_failed", message: "We could not create your code, so your points were not used. Try again in a few minutes." });
    expect(await balance(5)).toMatchObject({ posted: 900, pendingDebit: 0, available: 900 });
    expect(await t.db.prisma.transfer.findFirst({ where: { memberId: members[4] as string, code: "REDEMPTION_RELEASE" } })).toMatchObject({ status: "voided" });
    expect(await t.db.prisma.redemption.findFirst({ where: { memberId: members[4] as string } })).toMatchObject({ status: "failed" });

    scriptDiscountCreation("created");
    const retry = await redeem(5, { rewardId: "amount-off-900", requestId: "click-0005-retry" });
    expect(retry.status).toBe(200);
    expect(await balance(5)).toMatchObject({ pendingDebit: 900, available: 0 });
  });

  it("answers bad input with 4xx and writes nothing", async () => {
    await give(6, 2_000);
    const cases: [number | null, unknown, number, string][] = [
      [null, { rewardId: "amount-off-500", requestId: "click-0006" }, 403, "signed_out"],
      [6, { rewardId: "amount-off-550", requestId: "click-0006" }, 404, "unknown_reward"],
      [6, { rewardId: "amount-off-500", requestId: "x" }, 400, "invalid_request"],
      [6, "not json", 400, "invalid_request"],
    ];
    for (const [customer, body, status, code] of cases) {
      const response = await redeem(customer, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    }
    expect(await t.db.prisma.redemption.count({ where: { memberId: members[5] as string } })).toBe(0);
    expect(await balance(6)).toMatchObject({ available: 2_000 });
  });

  it("settles the hold when an order uses the code, and disables and releases a code left unused", async () => {
    const used = await (await redeem(6, { rewardId: "amount-off-700", requestId: "click-0006-used" })).json();
    const lapsed = await (await redeem(6, { rewardId: "amount-off-500", requestId: "click-0006-lapsed" })).json();
    expect(await balance(6)).toMatchObject({ pendingDebit: 1_200, available: 800 });

    // The shopper pays an order of 10.00 with the code (typed in lower case): orders/paid posts the held points.
    const order = orderPayload({ id: 9001, customer: { id: 6, state: "enabled" }, subtotal: "10.00", discountCodes: [used.code.toLowerCase()] });
    expect((await app(signedWebhook("/webhooks/orders/paid", "orders/paid", order, { shop: SHOP }))).status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    expect(await balance(6)).toMatchObject({ posted: 2_000 - 700 + 10, pendingDebit: 500, available: 810 });

    const stillIssued = await t.db.prisma.redemption.count({ where: { status: "issued" } });
    const deactivated: string[] = [];
    const run = await runDueJobs(t.db, new Date(Date.parse(lapsed.expiresAt) + 1_000), { deactivateDiscount: async (_shop, id) => void deactivated.push(id) });
    // Every code still issued lapses at that moment (the earlier tests' too); the one an order used does not.
    expect(run.redemptionsReleased).toBe(stillIssued);
    const lapsedRow = await t.db.prisma.redemption.findFirstOrThrow({ where: { code: lapsed.code } });
    const usedRow = await t.db.prisma.redemption.findFirstOrThrow({ where: { code: used.code } });
    expect(deactivated).toContain(lapsedRow.discountId);
    expect(deactivated).not.toContain(usedRow.discountId);
    expect(usedRow).toMatchObject({ status: "used", orderId: "9001" });
    expect(lapsedRow.status).toBe("released");
    expect(await balance(6)).toMatchObject({ posted: 1_310, pendingDebit: 0, available: 1_310 });
  });
});
