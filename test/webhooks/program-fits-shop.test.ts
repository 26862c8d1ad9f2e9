// The program fits the shop (issue 14 point 5; docs/decisions/041-the-program-fits-the-shop.md), from signed
// webhooks and the shopper API on the built app: shipping in eligible spend with refunds pro rata, customers left out
// by their Shopify tags whatever order their webhooks arrive in, and the pause switch (orders paid during a pause
// never earn; refunds of orders earned before still claw back; resuming loses nothing).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHIPPING_SHOP = "fits-shipping.myshopify.com";
const TAGS_SHOP = "fits-tags.myshopify.com";
const PAUSE_SHOP = "fits-pause.myshopify.com";
const STAFF = { id: "staff-1", name: "Test staff" };
const DAY = 86_400_000;

/** A customer as customers/create and customers/update send it, with their tags as of `updatedAt`. */
const customerWithTags = (id: number, tags: string, updatedAt: string) => ({ ...customerPayload({ id }), tags, updated_at: updatedAt });

/** An order whose customer carried `tags` when it was paid (and had last changed then). */
function orderWithTags(order: Parameters<typeof orderPayload>[0], tags: string) {
  const payload = orderPayload(order);
  return { ...payload, customer: payload.customer ? { ...payload.customer, tags, updated_at: payload.processed_at } : null };
}

describe.each(testDatabaseKinds())("the program fits the shop on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
  });
  afterAll(() => t?.destroy());

  const deliver = async (shop: string, topic: string, payload: unknown) => {
    expect((await h.send(shop, topic, payload)).status).toBe(200);
    expect((await h.work()).failed).toBe(0);
  };
  const codes = async (shop: string, customerId: number, code: string) =>
    (await t.db.prisma.transfer.findMany({ where: { shop, member: { customerId: String(customerId) }, code } })).reduce((sum, row) => sum + row.points, 0);
  const shopper = (shop: string, customerId: number) => sessionToken({ shop, customerId: String(customerId) });
  const summary = async (shop: string, customerId: number) =>
    (await (await h.app(extensionRequest("/api/shopper/summary?locale=fr", shopper(shop, customerId)))).json()) as { standing: string; standingText: string | null; rewards: { affordable: boolean }[] };
  const redeem = (shop: string, customerId: number) =>
    h.app(extensionRequest("/api/shopper/redeem?locale=de", shopper(shop, customerId), { body: { rewardId: "amount-off", requestId: randomUUID() } }));

  it("counts shipping as eligible spend when the program says so, and takes refunded shipping back pro rata", async () => {
    await h.useProgram(SHIPPING_SHOP, () => undefined);
    // Shipping 5.00 on every fixture order; the default program leaves it out, and a shipping refund takes nothing.
    await deliver(SHIPPING_SHOP, "orders/paid", orderPayload({ id: 8001, customer: { id: 1 }, subtotal: "100.00" }));
    await deliver(SHIPPING_SHOP, "refunds/create", refundPayload({ id: 9001, orderId: 8001, shipping: "5.00" }));
    expect(await h.balances(SHIPPING_SHOP, 1)).toMatchObject({ available: 100 });

    await h.useProgram(SHIPPING_SHOP, (rules) => {
      rules.earn.includeShipping = true;
      rules.signupBonus = 0;
    });
    await deliver(SHIPPING_SHOP, "orders/paid", orderPayload({ id: 8002, customer: { id: 2 }, subtotal: "100.00" }));
    expect(await h.balances(SHIPPING_SHOP, 2)).toMatchObject({ available: 105 });
    // floor(105 × 5.00 / 105.00) = 5 back for the shipping, then floor(105 × 55.00 / 105.00) = 55 in all.
    await deliver(SHIPPING_SHOP, "refunds/create", refundPayload({ id: 9002, orderId: 8002, shipping: "5.00" }));
    expect(await h.balances(SHIPPING_SHOP, 2)).toMatchObject({ available: 100 });
    await deliver(SHIPPING_SHOP, "refunds/create", refundPayload({ id: 9003, orderId: 8002, lines: [{ subtotal: "50.00" }] }));
    await deliver(SHIPPING_SHOP, "refunds/create", refundPayload({ id: 9003, orderId: 8002, lines: [{ subtotal: "50.00" }] }));
    expect(await h.balances(SHIPPING_SHOP, 2)).toMatchObject({ available: 50 });

    // A shipping refund that arrives before the payment counts once the payment says shipping was in.
    await deliver(SHIPPING_SHOP, "refunds/create", refundPayload({ id: 9004, orderId: 8003, shipping: "5.00" }));
    await deliver(SHIPPING_SHOP, "orders/paid", orderPayload({ id: 8003, customer: { id: 3 }, subtotal: "20.00", processedAt: "2026-11-22T10:00:00-05:00" }));
    expect(await codes(SHIPPING_SHOP, 3, "PURCHASE")).toBe(25);
    expect(await h.balances(SHIPPING_SHOP, 3)).toMatchObject({ available: 20 });
  });

  it("leaves customers with an excluded tag out, by the newest tags Shopify sent and each order's own", async () => {
    await h.useProgram(TAGS_SHOP, (rules) => {
      rules.exclusions.customerTags = ["Staff"];
    });
    await deliver(TAGS_SHOP, "customers/create", customerWithTags(11, "staff, VIP", "2026-11-01T10:00:00-05:00"));
    expect(await codes(TAGS_SHOP, 11, "SIGNUP_BONUS")).toBe(0);
    await deliver(TAGS_SHOP, "orders/paid", orderWithTags({ id: 8101, customer: { id: 11 }, subtotal: "60.00", processedAt: "2026-11-02T10:00:00-05:00" }, "Staff, VIP"));
    expect(await codes(TAGS_SHOP, 11, "PURCHASE")).toBe(0);
    const out = await summary(TAGS_SHOP, 11);
    expect(out.standing).toBe("excluded");
    expect(out.standingText).toContain("Vos points sont conservés");
    const refused = await redeem(TAGS_SHOP, 11);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "not_in_program" } });

    // The tag removed: back in, and the sign-up bonus still owed is paid.
    await deliver(TAGS_SHOP, "customers/update", customerWithTags(11, "VIP", "2026-11-03T10:00:00-05:00"));
    expect(await codes(TAGS_SHOP, 11, "SIGNUP_BONUS")).toBe(100);
    // A delivery older than the one just applied, arriving late, does not bring the tag back.
    await deliver(TAGS_SHOP, "customers/update", customerWithTags(11, "staff, VIP", "2026-11-02T12:00:00-05:00"));
    expect((await summary(TAGS_SHOP, 11)).standing).toBe("in");
    await deliver(TAGS_SHOP, "orders/paid", orderWithTags({ id: 8102, customer: { id: 11 }, subtotal: "40.00", processedAt: "2026-11-04T10:00:00-05:00" }, "VIP"));
    expect(await codes(TAGS_SHOP, 11, "PURCHASE")).toBe(40);
    // An order paid while the tag was on earns nothing, whenever its webhook comes, and however often.
    const late = orderWithTags({ id: 8103, customer: { id: 11 }, subtotal: "30.00", processedAt: "2026-11-02T11:00:00-05:00" }, "staff");
    await deliver(TAGS_SHOP, "orders/paid", late);
    await deliver(TAGS_SHOP, "orders/paid", late);
    expect(await codes(TAGS_SHOP, 11, "PURCHASE")).toBe(40);
    expect((await summary(TAGS_SHOP, 11)).standing).toBe("in");

    // A referral by a member out of the program is recorded, rejected with the reason, and pays nothing.
    const advocate = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: TAGS_SHOP, customerId: "11" } } });
    await deliver(TAGS_SHOP, "customers/update", customerWithTags(11, "staff", "2026-11-05T10:00:00-05:00"));
    await deliver(TAGS_SHOP, "orders/paid", orderPayload({ id: 8104, customer: { id: 12 }, subtotal: "50.00", discountCodes: [advocate.referralCode ?? ""] }));
    expect(await t.db.prisma.referral.findFirstOrThrow({ where: { shop: TAGS_SHOP, orderId: "8104" } })).toMatchObject({ status: "rejected", reason: "advocate_excluded" });
    expect(await codes(TAGS_SHOP, 11, "REFERRAL_ADVOCATE")).toBe(0);
    // Out again: nothing taken away.
    expect(await h.balances(TAGS_SHOP, 11)).toMatchObject({ available: 140 });
  });

  it("pauses earning and redeeming: orders paid during a pause never earn, refunds still claw back, resuming loses nothing", async () => {
    await h.install(PAUSE_SHOP);
    await deliver(PAUSE_SHOP, "orders/paid", orderPayload({ id: 8201, customer: { id: 21 }, subtotal: "700.00", processedAt: new Date(Date.now() - 10 * DAY).toISOString() }));
    expect(await h.balances(PAUSE_SHOP, 21)).toMatchObject({ available: 700 });

    // The merchant pauses on the Program page: the save records when, in the audit log too.
    const running = parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: PAUSE_SHOP } })).programRules);
    const pausedAt = new Date(Date.now() - 5 * DAY);
    expect(await saveProgramRules(t.db, { shop: PAUSE_SHOP, staff: STAFF, now: pausedAt, rules: { ...running, paused: true } })).toMatchObject({ status: "saved" });
    const [audit] = await listAuditEvents(t.db.prisma, PAUSE_SHOP, { action: "program.updated", limit: 1 });
    expect(audit?.details).toMatchObject({ changes: [{ path: "paused", from: null, to: true }] });

    const paused = await summary(PAUSE_SHOP, 21);
    expect(paused.standing).toBe("paused");
    expect(paused.rewards.every((reward) => !reward.affordable)).toBe(true);
    const refused = await redeem(PAUSE_SHOP, 21);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "program_paused", message: expect.stringContaining("pausiert") } });
    await deliver(PAUSE_SHOP, "customers/create", customerPayload({ id: 22 }));
    expect(await codes(PAUSE_SHOP, 22, "SIGNUP_BONUS")).toBe(0);
    // An order of the pause, delivered now, earns nothing.
    const duringPause = orderPayload({ id: 8202, customer: { id: 21 }, subtotal: "200.00", processedAt: new Date(Date.now() - 4 * DAY).toISOString() });
    await deliver(PAUSE_SHOP, "orders/paid", duringPause);
    // A refund of an order earned before the pause still takes back its share: floor(700 × 70.00 / 700.00).
    await deliver(PAUSE_SHOP, "refunds/create", refundPayload({ id: 9201, orderId: 8201, lines: [{ subtotal: "70.00" }] }));
    expect(await h.balances(PAUSE_SHOP, 21)).toMatchObject({ available: 630 });

    const pausedRules = parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: PAUSE_SHOP } })).programRules);
    const resumedAt = new Date(Date.now() - 3 * DAY);
    await saveProgramRules(t.db, { shop: PAUSE_SHOP, staff: STAFF, now: resumedAt, rules: { ...pausedRules, paused: undefined } });
    const resumed = parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: PAUSE_SHOP } })).programRules);
    expect(resumed.pauses).toEqual([{ from: pausedAt.toISOString(), to: resumedAt.toISOString() }]);
    expect(await h.balances(PAUSE_SHOP, 21)).toMatchObject({ available: 630 });
    expect((await summary(PAUSE_SHOP, 21)).standing).toBe("in");

    // After the pause: the pause's order, redelivered, still earns nothing; a new order earns, at Silver (×1.25:
    // the pause's order counts towards tiers, it only earned nothing).
    await deliver(PAUSE_SHOP, "orders/paid", duringPause);
    await deliver(PAUSE_SHOP, "orders/paid", orderPayload({ id: 8203, customer: { id: 21 }, subtotal: "10.00", processedAt: new Date(Date.now() - 2 * DAY).toISOString() }));
    expect(await codes(PAUSE_SHOP, 21, "PURCHASE")).toBe(700 + 12);
    await deliver(PAUSE_SHOP, "customers/update", customerPayload({ id: 22 }));
    expect(await codes(PAUSE_SHOP, 22, "SIGNUP_BONUS")).toBe(100);
  });
});
