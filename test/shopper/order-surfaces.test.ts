// What the order surfaces show, through the built app from signed session tokens and orders paid, refunded and
// cancelled by signed webhooks: the estimate a member sees at checkout at their tier and what a guest's thank-you
// block offers (worked out by the extensions from the summary, held equal here to POST /api/shopper/estimate), and
// GET /api/shopper/order-status for the customer account's order-status block.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderStatusResponse } from "../../contract/shopper-api";
import { estimateOrderPoints } from "../../extensions/shared/order-estimate";
import { parseEarning, parseOrderStatus, type Earning } from "../../extensions/shared/shopper-responses";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";

const DAY = 86_400_000;
const CART = { amount: 123.45, currencyCode: "USD" };

/** The earning part of a real summary answer, read as the extensions read it; the test fails if it cannot be read. */
function earningOf(json: unknown): Earning {
  const earning = parseEarning(json);
  if (earning === null) throw new Error(`no earning in ${JSON.stringify(json)}`);
  return earning;
}

describe.each(testDatabaseKinds())("the order surfaces on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  const token = (customer?: number) => sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) });
  const customer = (id: number) => ({ id, state: "enabled" as const });

  async function send(topic: string, payload: unknown) {
    const response = await app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP }));
    expect(response.status, topic).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
  }

  async function paid(id: number, customerId: number, subtotal: string) {
    await send("orders/paid", orderPayload({ id, customer: customer(customerId), subtotal, processedAt: new Date().toISOString() }));
  }

  async function withPendingWindow(days: number, work: () => Promise<void>) {
    const rules = (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
    const parsed = JSON.parse(rules);
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify({ ...parsed, earn: { ...parsed.earn, pendingDays: days } }) } });
    try {
      await work();
    } finally {
      await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: rules } });
    }
  }

  const estimate = async (customerId?: number) =>
    (await (await app(extensionRequest("/api/shopper/estimate", token(customerId), { body: { subtotal: { amount: "123.45", currencyCode: "USD" } } }))).json()) as { points: number | null; standing: string; standingText: string | null };
  const summary = async (customerId?: number) => (await (await app(extensionRequest("/api/shopper/summary", token(customerId)))).json()) as unknown;
  const orderStatus = (customerId: number | undefined, orderId: string, locale = "en") =>
    app(extensionRequest(`/api/shopper/order-status?orderId=${encodeURIComponent(orderId)}&locale=${locale}`, token(customerId)));
  const statusOf = async (customerId: number, orderId: string) => {
    const response = await orderStatus(customerId, orderId);
    expect(response.status, orderId).toBe(200);
    return (await response.json()) as OrderStatusResponse;
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 4);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  describe("checkout and thank-you estimates", () => {
    it("are at Silver (×1.25) for a member whose orders took them there, at Member for one who has none, and alike from the summary", async () => {
      await paid(9001, 1, "600.00");
      expect(await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "1" } } })).toMatchObject({ tier: "silver" });

      // floor(123.45 × 1.25) = 154 at Silver; 123 at Member.
      expect(await estimate(1)).toEqual({ points: 154, standing: "in", standingText: null });
      expect(await estimate(2)).toEqual({ points: 123, standing: "in", standingText: null });
      // The checkout extension's own reckoning from the summary it reads says the same as the server.
      const silver = earningOf(await summary(1));
      expect(silver).toMatchObject({ memberMultiplierPercent: 125, currencyCode: "USD" });
      expect(estimateOrderPoints(silver, CART)).toBe(154);
      const member = earningOf(await summary(2));
      expect(member).toMatchObject({ memberMultiplierPercent: 100 });
      expect(estimateOrderPoints(member, CART)).toBe(123);
      expect(estimateOrderPoints(member, { amount: 123.45, currencyCode: "EUR" })).toBeNull();
    });

    it("offer a guest on the thank-you page this order's points at the entry tier and the program's sign-up bonus", async () => {
      const guest = earningOf(await summary());
      expect(guest).toMatchObject({ memberMultiplierPercent: null, signupBonus: 100 });
      expect(estimateOrderPoints(guest, CART)).toBe(123);
      expect(await estimate()).toEqual({ points: 123, standing: "in", standingText: null });
    });
  });

  describe("the estimates while a bonus campaign runs", () => {
    async function withCampaigns(campaigns: unknown[], work: () => Promise<void>) {
      const rules = (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
      await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify({ ...JSON.parse(rules), campaigns }) } });
      try {
        await work();
      } finally {
        await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: rules } });
      }
    }
    const running = (terms: object) => ({
      id: "double",
      name: "Double points",
      kind: "multiply",
      multiplierPercent: 200,
      points: 0,
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
      timeZone: "UTC",
      collectionIds: [],
      enabled: true,
      ...terms,
    });

    it("add the campaigns on every product, from the server and from the summary alike, and show them among the ways to earn", async () => {
      const limited = running({ id: "aprons", name: "Aprons", kind: "add", points: 40, collectionIds: ["gid://shopify/Collection/7"] });
      await withCampaigns([running({}), running({ id: "plus", name: "Plus ten", kind: "add", points: 10 }), limited], async () => {
        // A guest at Member: 123 + 123 (×2) + 10; the campaign on aprons is not promised for a cart's subtotal.
        expect(await estimate()).toEqual({ points: 123 + 123 + 10, standing: "in", standingText: null });
        const guestSummary = await summary();
        expect(estimateOrderPoints(earningOf(guestSummary), CART)).toBe(256);
        // A member at Silver: 154 + 154 + 10.
        expect(await estimate(1)).toEqual({ points: 318, standing: "in", standingText: null });
        expect(estimateOrderPoints(earningOf(await summary(1)), CART)).toBe(318);
        const ways = (guestSummary as { program: { waysToEarn: { kind: string; text: string }[] } }).program.waysToEarn.filter((way) => way.kind === "campaign");
        expect(ways.map((way) => way.text)).toEqual([
          expect.stringMatching(/^Double points: 2× points on every order until /),
          expect.stringMatching(/^Plus ten: 10 points extra on every order until /),
          expect.stringMatching(/^Aprons: 40 points extra on orders with selected products until /),
        ]);
        // A summary read while the campaign ran adds nothing once it has ended.
        expect(estimateOrderPoints(earningOf(guestSummary), CART, new Date(Date.now() + 2 * DAY))).toBe(123);
      });
      await withCampaigns([running({ startsAt: new Date(Date.now() + DAY).toISOString(), endsAt: new Date(Date.now() + 2 * DAY).toISOString() })], async () => {
        expect(await estimate()).toEqual({ points: 123, standing: "in", standingText: null });
      });
    });
  });

  describe("GET /api/shopper/order-status", () => {
    it("says a posted order's points, and the rewards the balance now covers", async () => {
      await paid(9101, 3, "600.00");
      const answer = await statusOf(3, "gid://shopify/Order/9101");
      expect(answer).toMatchObject({ order: { points: 600, status: "posted", postsAt: null }, available: 600 });
      // The default ladder from 500 points in steps of 100: the rungs 600 points cover, and no more.
      const affordable = [
        { id: "amount-off-500", title: "$5.00 off", points: 500 },
        { id: "amount-off-600", title: "$6.00 off", points: 600 },
      ];
      expect(answer.affordable.map(({ id, title, points }) => ({ id, title, points }))).toEqual(affordable);
      // This shop's plan was never read: no place besides the widget (test/shopper/redeem-places.test.ts has each plan).
      expect(parseOrderStatus(answer)).toEqual({ order: { points: 600, status: "posted", postsAt: null }, available: 600, affordable, redeemAt: [] });
      expect(await statusOf(3, "9101")).toEqual(answer);
    });

    it("says a pending order's points with the day they become spendable, and nothing affordable yet", async () => {
      await withPendingWindow(14, () => paid(9201, 4, "80.00"));
      const postsAt = (await t.db.prisma.loyaltyOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: "9201" } } })).pointsPostAt;
      if (postsAt === null) throw new Error("a pending window of 14 days left the order without a date to post");
      expect(postsAt.getTime()).toBeGreaterThan(Date.now() + 13 * DAY);
      expect(await statusOf(4, "gid://shopify/Order/9201")).toEqual({
        order: { points: 80, status: "pending", postsAt: postsAt.toISOString() },
        available: 0,
        affordable: [],
        redeemAt: [],
      });
    });

    it("says a refunded order's points net of the refund, and nothing for a fully refunded one", async () => {
      await paid(9102, 3, "100.00");
      // Paid at Silver (the 600.00 before it): 125 points, less floor(125 × 40 / 100) = 50 for the refund.
      expect((await statusOf(3, "9102")).order).toEqual({ points: 125, status: "posted", postsAt: null });
      await send("refunds/create", refundPayload({ id: 91021, orderId: 9102, lines: [{ subtotal: "40.00" }] }));
      expect((await statusOf(3, "9102")).order).toEqual({ points: 75, status: "posted", postsAt: null });

      await paid(9103, 3, "50.00");
      await send("refunds/create", refundPayload({ id: 91031, orderId: 9103, lines: [{ subtotal: "50.00" }] }));
      expect((await statusOf(3, "9103")).order).toEqual({ points: 0, status: "none", postsAt: null });
    });

    it("says nothing for a cancelled order, and processing for one whose payment has not reached Tally", async () => {
      await paid(9104, 3, "70.00");
      await send("orders/cancelled", orderPayload({ id: 9104, customer: customer(3), subtotal: "70.00", processedAt: new Date().toISOString(), cancelledAt: new Date().toISOString() }));
      expect((await statusOf(3, "9104")).order).toEqual({ points: 0, status: "none", postsAt: null });
      expect((await statusOf(3, "9999")).order).toEqual({ points: 0, status: "processing", postsAt: null });
    });

    it("never shows a shopper another customer's order, refuses a signed-out token and a malformed id, in the shopper's language", async () => {
      const foreign = await orderStatus(4, "gid://shopify/Order/9101");
      expect(foreign.status).toBe(404);
      const body = await foreign.json();
      expect(body).toEqual({ error: { code: "unknown_order", message: "We couldn't find this order in your account." } });
      expect(JSON.stringify(body)).not.toMatch(/600/);
      expect((await (await orderStatus(4, "9101", "fr")).json()).error.message).toBe("Nous ne trouvons pas cette commande dans votre compte.");

      const signedOut = await orderStatus(undefined, "9101");
      expect(signedOut.status).toBe(403);
      expect((await signedOut.json()).error.code).toBe("signed_out");
      const malformed = await orderStatus(3, "gid://shopify/Order/abc");
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error.message).toMatch(/orderId/);
    });
  });
});
