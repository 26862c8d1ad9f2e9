// Referral attribution from real orders/paid deliveries: the fraud checks of product.md, each with its reason,
// the advocate's reward after the pending window, and its cancellation by a refund, or by the friend's earlier order
// arriving late, inside the window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "referrals.myshopify.com";
const ADVOCATE = { id: 1, email: "Ann.Lee@gmail.com", first_name: "Ann", state: "enabled" as const, default_address: { address1: "1 Main Street", zip: "10001", country_code: "US" } };
const noDiscounts = { deactivateDiscount: async () => undefined };

describe.each(testDatabaseKinds())("referrals on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let code: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.useProgram(SHOP, () => undefined);
    await h.send(SHOP, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    const advocate = await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: "1" } } });
    code = advocate?.referralCode ?? "";
    expect(code).toMatch(/^ANN-[2-9A-Z]{4}$/);
  });
  afterAll(() => t.destroy());

  /** A shop with a seven-day pending window and the advocate as a member; returns the advocate's referral code. */
  async function advocateWithWindow(shop: string): Promise<string> {
    await h.useProgram(shop, (rules) => {
      rules.earn.pendingDays = 7;
    });
    await h.send(shop, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    return (await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop, customerId: "1" } } }))?.referralCode ?? "";
  }

  async function referralOf(orderId: number) {
    return t.db.prisma.referral.findUnique({ where: { shop_orderId: { shop: SHOP, orderId: String(orderId) } } });
  }

  it("rewards the advocate once when a new friend's order carries the code", async () => {
    const order = orderPayload({ id: 10, customer: { id: 10, email: "friend@example.com" }, subtotal: "40.00", discountCodes: [code.toLowerCase()] });
    await h.send(SHOP, "orders/paid", order);
    await h.send(SHOP, "orders/paid", order);
    await h.work();
    expect(await referralOf(10)).toMatchObject({ status: "rewarded", reason: null, code });
    expect(await h.balances(SHOP, 1)).toMatchObject({ posted: 100 + 500 });
    expect(await h.balances(SHOP, 10)).toMatchObject({ posted: 40 });
  });

  it("attributes a code carried in the cart attribute", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 11, customer: { id: 11, email: "other@example.com" }, subtotal: "20.00", referralAttribute: ` ${code} ` }));
    await h.work();
    expect(await referralOf(11)).toMatchObject({ status: "rewarded" });
  });

  it.each([
    ["self_referral", orderPayload({ id: 12, customer: { id: 1, email: "ann.lee@gmail.com" }, subtotal: "20.00", discountCodes: [] })],
    ["same_email", orderPayload({ id: 13, customer: { id: 13, email: "annlee+deals@googlemail.com" }, subtotal: "20.00" })],
    ["same_address", orderPayload({ id: 14, customer: { id: 14, email: "neighbour@example.com" }, subtotal: "20.00", shipping: { address1: "1, Main street", zip: "10001", country_code: "us" } })],
  ])("keeps a referral rejected for %s, with no reward", async (reason, payload) => {
    const rewards = () => t.db.prisma.transfer.count({ where: { shop: SHOP, code: "REFERRAL_ADVOCATE" } });
    const before = await rewards();
    await h.send(SHOP, "orders/paid", { ...payload, discount_codes: [{ code, amount: "10.00", type: "percentage" }] });
    await h.work();
    expect(await referralOf(payload.id)).toMatchObject({ status: "rejected", reason });
    expect(await rewards()).toBe(before);
  });

  it("rejects a friend who had paid for an order before", async () => {
    await h.send(SHOP, "orders/paid", orderPayload({ id: 15, customer: { id: 15, email: "regular@example.com" }, subtotal: "20.00", processedAt: "2026-09-01T10:00:00Z" }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 16, customer: { id: 15, email: "regular@example.com" }, subtotal: "20.00", discountCodes: [code] }));
    await h.work();
    expect(await referralOf(16)).toMatchObject({ status: "rejected", reason: "not_first_order" });
  });

  it("waits for the pending window, and a refund inside it cancels the advocate's reward", async () => {
    const windowShop = "referrals-window.myshopify.com";
    const advocateCode = await advocateWithWindow(windowShop);
    const paidAt = new Date();
    const day = 86_400_000;
    await h.send(windowShop, "orders/paid", orderPayload({ id: 20, customer: { id: 20, email: "kept@example.com" }, subtotal: "30.00", discountCodes: [advocateCode], processedAt: paidAt.toISOString() }));
    await h.send(windowShop, "orders/paid", orderPayload({ id: 21, customer: { id: 21, email: "returned@example.com" }, subtotal: "30.00", discountCodes: [advocateCode], processedAt: paidAt.toISOString() }));
    await h.work();
    const referral = (id: number) => t.db.prisma.referral.findUnique({ where: { shop_orderId: { shop: windowShop, orderId: String(id) } } });
    expect(await referral(20)).toMatchObject({ status: "pending" });
    await h.send(windowShop, "refunds/create", refundPayload({ id: 211, orderId: 21, lines: [{ subtotal: "30.00" }] }));
    await h.work();
    expect(await referral(21)).toMatchObject({ status: "cancelled", reason: "order_refunded" });
    await runDueJobs(t.db, new Date(paidAt.getTime() + 7 * day), noDiscounts);
    expect(await referral(20)).toMatchObject({ status: "rewarded" });
    const advocate = await h.balances(windowShop, 1);
    expect(advocate).toMatchObject({ posted: 100 + 500 });
  });

  it("rejects the referral when the friend's earlier paid order arrives inside the pending window, after the referred one", async () => {
    const lateShop = "referrals-late-order.myshopify.com";
    const advocateCode = await advocateWithWindow(lateShop);
    const paidAt = new Date();
    const day = 86_400_000;
    const referred = orderPayload({ id: 30, customer: { id: 30, email: "late@example.com" }, subtotal: "30.00", discountCodes: [advocateCode], processedAt: paidAt.toISOString() });
    await h.send(lateShop, "orders/paid", referred);
    await h.work();
    const referral = () => t.db.prisma.referral.findUnique({ where: { shop_orderId: { shop: lateShop, orderId: "30" } } });
    // Nothing earlier is known yet: the referral waits for its window.
    expect(await referral()).toMatchObject({ status: "pending" });
    // The friend's earlier order, paid a day before, is delivered only now.
    await h.send(lateShop, "orders/paid", orderPayload({ id: 29, customer: { id: 30, email: "late@example.com" }, subtotal: "15.00", processedAt: new Date(paidAt.getTime() - day).toISOString() }));
    await h.work();
    await runDueJobs(t.db, new Date(paidAt.getTime() + 7 * day), noDiscounts);
    expect(await referral()).toMatchObject({ status: "rejected", reason: "not_first_order" });
    expect(await t.db.prisma.transfer.count({ where: { shop: lateShop, code: "REFERRAL_ADVOCATE" } })).toBe(0);
    // The friend's own points post as usual; the advocate has only their sign-up bonus.
    expect(await h.balances(lateShop, 30)).toMatchObject({ posted: 45 });
    expect(await h.balances(lateShop, 1)).toMatchObject({ posted: 100 });
  });

  it("pays the milestone bonus every N successful referrals when the program has one", async () => {
    const milestoneShop = "referrals-milestone.myshopify.com";
    await h.useProgram(milestoneShop, (rules) => {
      rules.referral.milestone = { enabled: true, everyReferrals: 2, points: 1000 };
    });
    await h.send(milestoneShop, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    const advocateCode = (await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: milestoneShop, customerId: "1" } } }))?.referralCode ?? "";
    for (const id of [30, 31, 32]) {
      await h.send(milestoneShop, "orders/paid", orderPayload({ id, customer: { id, email: `friend${id}@example.com` }, subtotal: "10.00", discountCodes: [advocateCode] }));
    }
    await h.work();
    expect(await h.balances(milestoneShop, 1)).toMatchObject({ posted: 100 + 3 * 500 + 1000 });
  });

  it("rewards a friend who shares the advocate's address or email when the merchant switched those checks off", async () => {
    const lenientShop = "referrals-lenient.myshopify.com";
    await h.useProgram(lenientShop, (rules) => {
      rules.referral.fraud = { rejectSameEmail: false, rejectSameAddress: false };
    });
    await h.send(lenientShop, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    const advocateCode = (await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: lenientShop, customerId: "1" } } }))?.referralCode ?? "";
    const housemate = orderPayload({ id: 40, customer: { id: 40, email: "housemate@example.com" }, subtotal: "20.00", discountCodes: [advocateCode], shipping: { address1: "1 Main Street", zip: "10001", country_code: "US" } });
    const alias = orderPayload({ id: 41, customer: { id: 41, email: "annlee+2@gmail.com" }, subtotal: "20.00", discountCodes: [advocateCode] });
    const self = orderPayload({ id: 42, customer: { id: 1, email: "ann.lee@gmail.com" }, subtotal: "20.00", discountCodes: [advocateCode] });
    for (const order of [housemate, alias, self]) await h.send(lenientShop, "orders/paid", order);
    await h.work();
    const referrals = await t.db.prisma.referral.findMany({ where: { shop: lenientShop }, orderBy: { orderId: "asc" } });
    expect(referrals.map((referral) => [referral.orderId, referral.status, referral.reason])).toEqual([
      ["40", "rewarded", null],
      ["41", "rewarded", null],
      ["42", "rejected", "self_referral"],
    ]);
  });
});
