// Every kind of code Tally creates, sent through the SDK's admin client to the Admin API stand-in, which checks
// the variables against Shopify's schema: a wrong field, type or money format fails here, not in a shop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { friendDiscountInput, rewardDiscountInput, type CodeReward } from "~/loyalty/redemption/discount-inputs";
import { createDiscount, DiscountCreationError, findDiscountByCode, type AdminFor } from "~/loyalty/redemption/reward-discounts.server";
import { adminApi } from "../support/admin-api-standin";
import { offlineAdmin } from "../support/offline-admin";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SHOP = "codes-test.myshopify.com";
const REWARDS: CodeReward[] = [
  { id: "amount-off-1500", kind: "amount_off", points: 1_500, amountMinor: 1_500, minimumOrderMinor: 0 },
  { id: "percentage-off-15", kind: "percentage_off", points: 1_200, percent: 15, minimumOrderMinor: 5_000 },
  { id: "free-shipping", kind: "free_shipping", points: 400, minimumOrderMinor: 2_500 },
  // The catalogue's later kinds and terms: a code on some collections, one unit of a variant free.
  { id: "shirts-off", kind: "amount_off", points: 900, amountMinor: 1_500, minimumOrderMinor: 0, collectionIds: ["gid://shopify/Collection/41"] },
  { id: "free-apron", kind: "free_product", points: 900, variantId: "gid://shopify/ProductVariant/7", productTitle: "Apron", amountMinor: 1_500, minimumOrderMinor: 0 },
];

describe("creating discount codes in Shopify", () => {
  let t: TestDatabase;
  let adminFor: AdminFor;

  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    const admin = await offlineAdmin(t.db, SHOP);
    adminFor = async () => admin;
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" }, userErrors: [] });
    adminApi.store.shop(SHOP).mutation.discountCodeFreeShippingCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/2" }, userErrors: [] });
  });

  it.each(REWARDS)("sends a schema-valid $kind reward code for one customer", async (reward) => {
    const startsAt = new Date("2026-11-28T10:00:00Z");
    const input = rewardDiscountInput({ code: "TALLY-AAAA-BBBB", reward, customerId: "42", currencyCode: "EUR", startsAt, expiresAt: new Date("2026-11-29T10:00:00Z") });
    const id = await createDiscount(adminFor, SHOP, "TALLY-AAAA-BBBB", input);
    expect(id).toBe(reward.kind === "free_shipping" ? "gid://shopify/DiscountCodeNode/2" : "gid://shopify/DiscountCodeNode/1");
    const [sent] = adminApi.store.requests;
    const variables = Object.values(sent?.variables ?? {})[0] as Record<string, unknown>;
    expect(variables).toMatchObject({ code: "TALLY-AAAA-BBBB", usageLimit: 1, context: { customers: { add: ["gid://shopify/Customer/42"] } }, endsAt: "2026-11-29T10:00:00.000Z" });
    if (reward.minimumOrderMinor > 0) expect(variables.minimumRequirement).toEqual({ subtotal: { greaterThanOrEqualToSubtotal: (reward.minimumOrderMinor / 100).toFixed(2) } });
    if (reward.kind === "percentage_off") expect(variables.customerGets).toMatchObject({ value: { percentage: 0.15 } });
    if (reward.kind === "amount_off") expect(variables.customerGets).toMatchObject({ value: { discountAmount: { amount: "15.00" } } });
    if (reward.id === "shirts-off") expect(variables.customerGets).toMatchObject({ items: { collections: { add: ["gid://shopify/Collection/41"] } } });
    if (reward.kind === "free_product") expect(variables.customerGets).toEqual({ value: { discountAmount: { amount: "15.00", appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: ["gid://shopify/ProductVariant/7"] } } });
  });

  it("writes amounts in the currency's own precision", () => {
    const input = rewardDiscountInput({ code: "C", reward: REWARDS[0] as CodeReward, customerId: "1", currencyCode: "JPY", startsAt: new Date(), expiresAt: new Date() });
    expect(input.input.customerGets).toMatchObject({ value: { discountAmount: { amount: "1500" } } });
  });

  it("sends a schema-valid friend discount and reads a code back", async () => {
    await createDiscount(adminFor, SHOP, "MAYA-7K3Q", { mutation: "basic", input: friendDiscountInput("MAYA-7K3Q", 10, new Date()) });
    adminApi.store.shop(SHOP).query.codeDiscountNodeByCode = { id: "gid://shopify/DiscountCodeNode/5", codeDiscount: { __typename: "DiscountCodeBasic", title: "Tally referral MAYA-7K3Q" } };
    expect(await findDiscountByCode(adminFor, SHOP, "MAYA-7K3Q")).toEqual({ id: "gid://shopify/DiscountCodeNode/5", title: "Tally referral MAYA-7K3Q" });
    expect(adminApi.store.requests.map((request) => request.operationName)).toEqual(["TallyCreateBasicCode", "TallyCodeDiscountByCode"]);
  });

  it("turns Shopify's userErrors, missing access and transport failures into DiscountCreationError", async () => {
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique.", code: "TAKEN" }] });
    const input = rewardDiscountInput({ code: "TALLY-CCCC-DDDD", reward: REWARDS[0] as CodeReward, customerId: "1", currencyCode: "USD", startsAt: new Date(), expiresAt: new Date() });
    await expect(createDiscount(adminFor, SHOP, "TALLY-CCCC-DDDD", input)).rejects.toMatchObject({ name: "DiscountCreationError", codes: ["TAKEN"] });
    await expect(createDiscount(async () => Promise.reject(new Error("no offline session")), SHOP, "X", input)).rejects.toBeInstanceOf(DiscountCreationError);
    const badInput = { mutation: "basic" as const, input: { ...input.input, usageLimit: "one" } };
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" }, userErrors: [] });
    await expect(createDiscount(adminFor, SHOP, "X", badInput)).rejects.toThrow(/TallyCreateBasicCode/);
  });
});
