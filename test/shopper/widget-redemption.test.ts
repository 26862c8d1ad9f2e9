// Redeeming from the storefront widget: POST /apps/tally/redeem through the app proxy, on the built app against
// SQLite and PostgreSQL, with the Admin API stand-in creating codes and crediting store credit. A signed request
// issues a code (points held) or a credit (points spent); the same request id answers the same code without a
// second hold; too few points, a switched-off reward, a signature that does not hold and bad input are refused in
// the shopper's language and write nothing — the same command and answers as the extensions' /api/shopper/redeem.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { programRulesSchema } from "~/loyalty/program/program-rules";
import { setProgramRules } from "~/loyalty/program/shop-store.server";
import type { CatalogueRewardInput } from "~/loyalty/redemption/reward-catalogue";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { BROWSER_USER_AGENT, proxyRequest, type ProxyOptions } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const CATALOGUE: CatalogueRewardInput[] = [
  { id: "five-off", name: "Five off", kind: "amount_off", pricing: "fixed", points: 500, amountMinor: 500 },
  { id: "credit-10", name: "Credit", kind: "store_credit", points: 1_000, amountMinor: 1_000 },
  { id: "old-offer", name: "Retired", kind: "amount_off", pricing: "fixed", points: 100, amountMinor: 100, enabled: false },
];

let nextId = 1;

function scriptShopify() {
  const scenario = adminApi.store.shop(SHOP);
  scenario.mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextId++}` }, userErrors: [] });
  scenario.mutation.storeCreditAccountCredit = (args: Record<string, unknown>) => ({
    storeCreditAccountTransaction: { id: `gid://shopify/StoreCreditAccountCreditTransaction/${nextId++}`, amount: (args.creditInput as { creditAmount: unknown }).creditAmount },
    userErrors: [],
  });
}

const shopifyCalls = (operation: string) => adminApi.store.requests.filter((request) => request.query.includes(operation)).length;

describe.each(testDatabaseKinds())("redeeming from the storefront widget (app proxy) on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 5);
    await setProgramRules(t.db.prisma, SHOP, programRulesSchema.parse({ rewards: CATALOGUE }));
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    scriptShopify();
  });

  const member = (customer: number) => members[customer - 1] as string;
  async function give(customer: number, points: number) {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member(customer), code: "ADJUSTMENT", points, status: "posted", idempotencyKey: `test:give:${customer}:${points}` });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const balance = (customer: number) => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: member(customer) } });
  const redemptions = (customer: number) => t.db.prisma.redemption.count({ where: { memberId: member(customer) } });
  const transfers = (customer: number) => t.db.prisma.transfer.count({ where: { memberId: member(customer) } });

  /** What the widget sends: a POST to https://<shop>/apps/tally/redeem?locale=<language>, signed by Shopify's proxy. */
  function redeem(customer: number | null, body: unknown, options: Partial<ProxyOptions> & { locale?: string } = {}) {
    const { locale = "en", ...proxy } = options;
    const signed = proxyRequest("redeem", { shop: SHOP, ...(customer ? { customerId: String(customer) } : {}), extra: { locale }, ...proxy });
    return app(
      new Request(signed.url, {
        method: "POST",
        body: typeof body === "string" ? body : JSON.stringify(body),
        headers: { "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT },
      }),
    );
  }

  it("issues a code for the signed-in customer, holding the points, and answers the same request id with the same code", async () => {
    await give(1, 1_200);
    const response = await redeem(1, { rewardId: "five-off", requestId: "widget-click-0001" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ code: expect.stringMatching(/^TALLY-[2-9A-Z]{4}-[2-9A-Z]{4}$/), points: 500, status: "issued", reward: { id: "five-off", title: "$5.00 off" } });
    expect(await balance(1)).toMatchObject({ posted: 1_200, pendingDebit: 500, available: 700 });
    expect(await t.db.prisma.redemption.findFirst({ where: { code: body.code } })).toMatchObject({ memberId: member(1), status: "issued", requestId: "widget-click-0001" });
    expect(shopifyCalls("discountCodeBasicCreate")).toBe(1);

    // The widget's retry after a lost answer: the same id, the same code, no second hold, no second code.
    const again = await redeem(1, { rewardId: "five-off", requestId: "widget-click-0001" });
    expect(again.status).toBe(200);
    expect((await again.json()).code).toBe(body.code);
    expect(await balance(1)).toMatchObject({ pendingDebit: 500, available: 700 });
    expect(await redemptions(1)).toBe(1);
    expect(shopifyCalls("discountCodeBasicCreate")).toBe(1);
  });

  it("credits store credit and spends its points once", async () => {
    await give(2, 1_000);
    const response = await redeem(2, { rewardId: "credit-10", requestId: "widget-click-0002" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "credited", points: 1_000, reward: { kind: "store_credit", amountMinor: 1_000 } });
    const replay = await redeem(2, { rewardId: "credit-10", requestId: "widget-click-0002" });
    expect(await replay.json()).toMatchObject({ status: "credited" });
    expect(shopifyCalls("storeCreditAccountCredit")).toBe(1);
    expect(await balance(2)).toMatchObject({ posted: 0, pendingDebit: 0, available: 0 });
  });

  it("refuses a reward the shopper cannot afford, in their language, and holds nothing", async () => {
    await give(3, 450);
    const response = await redeem(3, { rewardId: "five-off", requestId: "widget-click-0003" }, { locale: "fr" });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "insufficient_points", needed: 500, available: 450 });
    expect(error.message.replace(/[\u00a0\u202f]/g, " ")).toBe("Il vous faut 500 points pour cette récompense et vous en avez 450 points.");
    expect(await redemptions(3)).toBe(0);
    expect(await balance(3)).toMatchObject({ pendingDebit: 0, available: 450 });
    expect(shopifyCalls("discountCodeBasicCreate")).toBe(0);
  });

  it("refuses a switched-off reward, a signed-out visitor, a forged customer and bad input, writing nothing", async () => {
    await give(4, 2_000);
    const before = await transfers(4);
    const cases: Array<[string, Response, number, string | null]> = [
      ["switched-off reward", await redeem(4, { rewardId: "old-offer", requestId: "widget-click-0004a" }, { locale: "de" }), 404, "unknown_reward"],
      ["no such reward", await redeem(4, { rewardId: "nope", requestId: "widget-click-0004b" }), 404, "unknown_reward"],
      ["signed out", await redeem(null, { rewardId: "five-off", requestId: "widget-click-0004c" }), 403, "signed_out"],
      ["request id too short", await redeem(4, { rewardId: "five-off", requestId: "x" }), 400, "invalid_request"],
      ["not JSON", await redeem(4, "rewardId=five-off"), 400, "invalid_request"],
      // Someone else's customer id under this request's signature: the proxy's signature no longer holds.
      ["forged customer", await redeem(4, { rewardId: "five-off", requestId: "widget-click-0004d" }, { tamper: (query) => query.set("logged_in_customer_id", "5") }), 400, null],
    ];
    for (const [what, response, status, code] of cases) {
      expect(response.status, what).toBe(status);
      if (code) expect((await response.json()).error.code, what).toBe(code);
    }
    expect(await redemptions(4)).toBe(0);
    expect(await redemptions(5)).toBe(0);
    expect(await transfers(4)).toBe(before);
    expect(await balance(4)).toMatchObject({ pendingDebit: 0, available: 2_000 });
    expect(shopifyCalls("discountCodeBasicCreate")).toBe(0);
  });

  it("words a switched-off reward in the shopper's language", async () => {
    const response = await redeem(4, { rewardId: "old-offer", requestId: "widget-click-0004e" }, { locale: "de" });
    expect(await response.json()).toEqual({ error: { code: "unknown_reward", message: "Diese Prämie gibt es nicht mehr. Wählen Sie eine andere." } });
  });

  it("answers GET with 405, pointing at POST", async () => {
    const signed = proxyRequest("redeem", { shop: SHOP, customerId: "1" });
    const response = await app(signed);
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });
});
