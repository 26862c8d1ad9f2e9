// Every answer the shopper endpoints give, through the built app against a real database, fits the shopper
// contract (contract/shopper-api.ts) exactly, unknown fields refused: the schemas the extensions read with and the
// doc's tables are checked against are what the server really sends. The extensions' readers and the storefront
// widget's, which cannot carry zod (docs/decisions/025-one-shopper-contract.md), read those answers without losing
// a number.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import * as contract from "../../contract/shopper-api";
import { parseEarning, parseEstimate, parseOrderPoints, parseOrderStatus, parseRedemption, parseReferralCheck, parseSummary } from "../../extensions/shared/shopper-responses";
import { readCustomerResponse } from "../../widget/src/customer-response";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

/** The schema with every object in it strict: a field the contract does not name fails, at any depth. */
async function fits(response: Response, schema: z.core.$ZodType, status = 200) {
  expect(response.status).toBe(status);
  const body: unknown = await response.json();
  const parsed = z.safeParse(strictly(schema), body);
  expect(parsed.success ? [] : parsed.error.issues, JSON.stringify(body)).toEqual([]);
  return body;
}

function strictly(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      return z.strictObject(Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, strictly(value)])));
    }
    case "array":
      return z.array(strictly(def.element as z.core.$ZodType));
    case "nullable":
      return z.nullable(strictly(def.innerType as z.core.$ZodType));
    case "optional":
      return z.optional(strictly(def.innerType as z.core.$ZodType));
    case "union":
      return z.union((def.options as z.core.$ZodType[]).map(strictly) as [z.core.$ZodType, ...z.core.$ZodType[]]);
    case "intersection": {
      // A reward with `affordable`: each side strict would refuse the other's fields, so merge the objects.
      const left = def.left as z.core.$ZodType;
      const right = (def.right as z.core.$ZodObject)._zod.def.shape;
      const variants = (left._zod.def as unknown as { options: z.core.$ZodObject[] }).options;
      return z.union(variants.map((variant) => strictly(z.object({ ...variant._zod.def.shape, ...right }))) as [z.core.$ZodType, ...z.core.$ZodType[]]);
    }
    default:
      return schema;
  }
}

describe.each(testDatabaseKinds())("the shopper contract on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let members: string[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 2);
    await storeOfflineSession(t.db, SHOP);
    const given = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: members[0] as string, code: "ADJUSTMENT", points: 1_200, status: "posted", idempotencyKey: "test:contract:give" });
    if (!given.ok) throw new Error(given.message);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/901" }, userErrors: [] });
  });

  const token = (customer?: number) => sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) });

  it("answers redeem, summary, the app proxy, referral checks, order points and estimates as the contract says", async () => {
    const redeemed = await fits(await app(extensionRequest("/api/shopper/redeem", token(1), { body: { rewardId: "amount-off-500", requestId: "contract-0001" } })), contract.redeemResponse);
    expect(parseRedemption(redeemed)).toMatchObject({ points: 500, status: "issued", reward: { title: "$5.00 off" } });

    const summary = await fits(await app(extensionRequest("/api/shopper/summary?locale=fr", token(1))), contract.summaryResponse);
    expect(summary).toMatchObject({ signedIn: true, codes: [expect.anything()], history: [{ code: "REDEMPTION", status: "pending" }, { code: "ADJUSTMENT" }] });
    const { balance: owned, referral, rewards: offered, codes, history } = summary as contract.SignedInSummary;
    expect(parseSummary(summary)).toMatchObject({
      signedIn: true,
      balance: { available: owned.available, pending: owned.pending },
      referral,
      rewards: offered.map(({ id, title, points, affordable }) => ({ id, title, points, affordable })),
      codes: codes.map(({ code, points, expiresAt, title }) => ({ code, points, expiresAt, title })),
      history: history.map(({ id, code, points, status, createdAt }) => ({ id, code, points, status, createdAt })),
    });
    expect(parseSummary(await fits(await app(extensionRequest("/api/shopper/summary", token())), contract.summaryResponse))).toEqual({ signedIn: false });
    const proxied = await fits(await app(proxyRequest("customer", { shop: SHOP, customerId: "1" })), contract.summaryResponse);
    await fits(await app(proxyRequest("customer", { shop: SHOP })), contract.summaryResponse);

    const code = (summary as contract.SignedInSummary).referral.code;
    const accepted = await fits(await app(extensionRequest("/api/shopper/referral-check", token(2), { body: { code } })), contract.referralCheckResponse);
    expect(parseReferralCheck(accepted)).toEqual({ valid: true, discountCode: code, friendDiscountPercent: 10, attribute: { key: "_tally_referral", value: code } });
    const refused = await fits(await app(extensionRequest("/api/shopper/referral-check", token(1), { body: { code } })), contract.referralCheckResponse);
    expect(parseReferralCheck(refused)).toEqual({ valid: false, reason: "own_code" });
    const order = await fits(await app(extensionRequest("/api/shopper/order?orderId=gid://shopify/OrderIdentity/42", token(1))), contract.orderPointsResponse);
    expect(parseOrderPoints(order)).toEqual({ points: 0, status: "processing" });
    const estimate = await fits(await app(extensionRequest("/api/shopper/estimate", token(), { body: { subtotal: { amount: "42.50", currencyCode: "USD" } } })), contract.estimateResponse);
    expect(parseEstimate(estimate)).toEqual({ points: 42 });
    const orderStatus = await fits(await app(extensionRequest("/api/shopper/order-status?orderId=gid://shopify/Order/42", token(1))), contract.orderStatusResponse);
    const { affordable } = orderStatus as contract.OrderStatusResponse;
    expect(affordable.map((reward) => reward.points)).toEqual([500, 600, 700]);
    expect(parseOrderStatus(orderStatus)).toEqual({
      order: { points: 0, status: "processing", postsAt: null },
      available: 700,
      affordable: affordable.map(({ id, title, points }) => ({ id, title, points })),
      // A shop whose plan Tally has not read names no place besides the widget (test/shopper/redeem-places.test.ts).
      redeemAt: [],
    });
    expect(parseEarning(summary)).toMatchObject({ currencyCode: "USD", points: 1, perAmountMinor: 100, memberMultiplierPercent: 100 });

    // The widget reads the app proxy's real answer: every balance figure and reward the contract carries.
    const { balance, rewards } = proxied as contract.SignedInSummary;
    expect(readCustomerResponse(proxied)).toMatchObject({ signedIn: true, available: balance.available, pending: balance.pending, rewards: rewards.map(({ id, title, points, affordable }) => ({ id, title, points, affordable })) });
  });

  it("answers its errors as the contract says", async () => {
    await fits(await app(extensionRequest("/api/shopper/redeem", token(2), { body: { rewardId: "amount-off-500", requestId: "contract-0002" } })), contract.shopperErrorResponse, 422);
    await fits(await app(extensionRequest("/api/shopper/redeem", token(2), { body: { rewardId: "nope", requestId: "contract-0003" } })), contract.shopperErrorResponse, 404);
    await fits(await app(extensionRequest("/api/shopper/redeem", token(), { body: { rewardId: "amount-off-500", requestId: "contract-0004" } })), contract.shopperErrorResponse, 403);
    await fits(await app(extensionRequest("/api/shopper/estimate", token(), { body: { subtotal: { amount: "1.5.0", currencyCode: "USD" } } })), contract.shopperErrorResponse, 400);
    await fits(await app(extensionRequest("/api/shopper/order-status?orderId=42", token())), contract.shopperErrorResponse, 403);
  });
});
