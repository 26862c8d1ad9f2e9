// Points spent on a reward come back when the order that used its code is cancelled, or refunded in full while the
// program says so (docs/decisions/039-points-back-for-cancelled-orders.md): once, whatever arrives first or twice.
// Redeemed through the shopper API, applied through signed webhooks worked by the queue, the setting saved on the
// Program page, expiry run by the job runner; the member's history read by the shopper API and the admin's member
// page; the ledger audited at the end. On both databases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDashboard } from "~/admin/dashboard/dashboard-query.server";
import { periodQuerySchema, resolvePeriod } from "~/admin/dashboard/dashboard-period";
import { runDueJobs } from "~/jobs/job-runner.server";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { auditBalances, auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import { parseProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { decodeHtml } from "../support/html-text";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const RETURNED_LABEL = "Reward points given back: order cancelled or refunded";

function monthsAgo(months: number): string {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString();
}

let nextDiscount = 1;

describe.each(testDatabaseKinds())("points back for cancelled and refunded orders on %s", (kind) => {
  let t: TestDatabase;
  let hooks: WebhookHarness;
  let admin: DemoAdmin;
  let memberIds: string[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    memberIds = await seedMembers(t.db, 10);
    await storeOfflineSession(t.db, SHOP);
    hooks = await webhookHarness(t);
    admin = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t.destroy());
  beforeEach(async () => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextDiscount++}` }, userErrors: [] });
    // One tier, so every order earns a point per dollar and the figures below stay plain.
    await program(() => {});
  });

  function program(change: (rules: ProgramRules) => void) {
    return hooks.useProgram(SHOP, (rules) => {
      rules.tiers = rules.tiers.slice(0, 1);
      change(rules);
    });
  }

  async function send(topic: string, payload: unknown, webhookId?: string) {
    expect((await hooks.send(SHOP, topic, payload, webhookId ? { webhookId } : {})).status).toBe(200);
  }
  const order = (id: number, customer: number, subtotal: string, fields: { discountCodes?: string[]; cancelledAt?: string; processedAt?: string } = {}) =>
    orderPayload({ id, customer: { id: customer, state: "enabled" }, subtotal, ...fields });
  const fullRefund = (id: number, orderId: number, subtotal: string) => refundPayload({ id, orderId, lines: [{ subtotal }] });

  async function redeem(customer: number, requestId: string) {
    const response = await hooks.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: String(customer) }), { body: { rewardId: "amount-off-500", requestId } }));
    expect(response.status).toBe(200);
    return (await response.json()) as { code: string; status: string };
  }

  /** The customer earns points on a first order (1,000 unless said) and spends 500 of them on a code. */
  async function codeFor(customer: number, firstOrder: number, first: { subtotal?: string; processedAt?: string } = {}): Promise<string> {
    await send("orders/paid", order(firstOrder, customer, first.subtotal ?? "1000.00", first.processedAt ? { processedAt: first.processedAt } : {}));
    await hooks.work();
    return (await redeem(customer, `returns-${customer}`)).code;
  }

  const balance = (customer: number) => hooks.balances(SHOP, customer);
  const returns = (customer: number) => t.db.prisma.transfer.count({ where: { code: "REDEMPTION_RETURNED", member: { shop: SHOP, customerId: String(customer) } } });
  const statusOf = async (code: string) => (await t.db.prisma.redemption.findFirstOrThrow({ where: { shop: SHOP, code } })).status;

  it("gives the points back once when the order that used the code is cancelled, and says so to the shopper and the merchant", async () => {
    const code = await codeFor(1, 9101);
    await send("orders/paid", order(9102, 1, "20.00", { discountCodes: [code] }));
    await hooks.work();
    expect(await statusOf(code)).toBe("used");
    expect(await balance(1)).toMatchObject({ posted: 520, pendingDebit: 0, available: 520 });

    const cancelled = order(9102, 1, "20.00", { discountCodes: [code], cancelledAt: "2026-11-21T09:00:00-05:00" });
    await send("orders/cancelled", cancelled, "cancel-9102");
    await hooks.work();
    // The order's own 20 points are taken back and the 500 spent on its code come back.
    expect(await balance(1)).toMatchObject({ posted: 1000, pendingDebit: 0, available: 1000 });
    expect(await returns(1)).toBe(1);
    expect(await statusOf(code)).toBe("returned");
    const transfer = await t.db.prisma.transfer.findFirstOrThrow({ where: { code: "REDEMPTION_RETURNED", memberId: memberIds[0] } });
    expect(transfer).toMatchObject({ points: 500, status: "posted", orderId: "9102", idempotencyKey: expect.stringMatching(/^redemption:.+:return$/) });

    // The same delivery again, and the same cancellation under a new webhook id: nothing more.
    await send("orders/cancelled", cancelled, "cancel-9102");
    await send("orders/cancelled", cancelled);
    await send("orders/paid", order(9102, 1, "20.00", { discountCodes: [code] }));
    await hooks.work();
    expect(await balance(1)).toMatchObject({ posted: 1000, available: 1000 });
    expect(await returns(1)).toBe(1);
    expect(await statusOf(code)).toBe("returned");

    // The shopper's history names it in their language; asking again for the same request tells what became of it.
    const summary = async (locale: string) =>
      (await (await hooks.app(extensionRequest(`/api/shopper/summary?locale=${locale}`, sessionToken({ shop: SHOP, customerId: "1" })))).json()) as {
        history: { code: string; points: number; title: string }[];
        codes: unknown[];
      };
    const english = await summary("en");
    expect(english.history).toContainEqual(expect.objectContaining({ code: "REDEMPTION_RETURNED", points: 500, title: RETURNED_LABEL }));
    expect(english.codes).toEqual([]);
    expect((await summary("de")).history).toContainEqual(
      expect.objectContaining({ code: "REDEMPTION_RETURNED", title: "Prämienpunkte zurück: Bestellung storniert oder erstattet" }),
    );
    expect(await redeem(1, "returns-1")).toMatchObject({ code, status: "returned" });
    expect(await balance(1)).toMatchObject({ available: 1000 });

    // The merchant sees it on the member's page.
    const page = decodeHtml(renderedMarkup(await (await admin.get(`/app/members/${memberIds[0]}`)).text()));
    expect(page).toContain(RETURNED_LABEL);
  });

  it("gives the points back once when the cancellation arrives before the payment", async () => {
    const code = await codeFor(2, 9201);
    await send("orders/cancelled", order(9202, 2, "20.00", { discountCodes: [code], cancelledAt: "2026-11-21T09:00:00-05:00" }));
    await hooks.work();
    // Nothing is known of the payment yet: the code's points are still held.
    expect(await balance(2)).toMatchObject({ posted: 1000, pendingDebit: 500, available: 500 });
    expect(await returns(2)).toBe(0);

    await send("orders/paid", order(9202, 2, "20.00", { discountCodes: [code] }));
    await send("orders/paid", order(9202, 2, "20.00", { discountCodes: [code] }));
    await hooks.work();
    expect(await balance(2)).toMatchObject({ posted: 1000, pendingDebit: 0, available: 1000 });
    expect(await returns(2)).toBe(1);
    expect(await statusOf(code)).toBe("returned");
  });

  it("gives the points back for a full refund, on by default, and a later cancellation adds nothing", async () => {
    const code = await codeFor(3, 9301);
    await send("orders/paid", order(9302, 3, "20.00", { discountCodes: [code] }));
    await hooks.work();
    await send("refunds/create", fullRefund(93021, 9302, "20.00"));
    await hooks.work();
    expect(await balance(3)).toMatchObject({ posted: 1000, available: 1000 });
    expect(await returns(3)).toBe(1);
    expect(await statusOf(code)).toBe("returned");

    await send("orders/cancelled", order(9302, 3, "20.00", { discountCodes: [code], cancelledAt: "2026-11-22T09:00:00-05:00" }));
    await send("refunds/create", fullRefund(93021, 9302, "20.00"));
    await hooks.work();
    expect(await balance(3)).toMatchObject({ posted: 1000, available: 1000 });
    expect(await returns(3)).toBe(1);
  });

  it("gives the points back once for a cancellation followed by a full refund, and for a full refund that arrives before the payment", async () => {
    const cancelledFirst = await codeFor(4, 9401);
    await send("orders/paid", order(9402, 4, "20.00", { discountCodes: [cancelledFirst] }));
    await send("orders/cancelled", order(9402, 4, "20.00", { discountCodes: [cancelledFirst], cancelledAt: "2026-11-21T09:00:00-05:00" }));
    await send("refunds/create", fullRefund(94021, 9402, "20.00"));
    await hooks.work();
    expect(await balance(4)).toMatchObject({ posted: 1000, available: 1000 });
    expect(await returns(4)).toBe(1);

    const refundedFirst = await codeFor(5, 9501);
    await send("refunds/create", fullRefund(95021, 9502, "20.00"));
    await hooks.work();
    expect(await returns(5)).toBe(0);
    await send("orders/paid", order(9502, 5, "20.00", { discountCodes: [refundedFirst] }));
    await hooks.work();
    expect(await balance(5)).toMatchObject({ posted: 1000, pendingDebit: 0, available: 1000 });
    expect(await returns(5)).toBe(1);
    expect(await statusOf(refundedFirst)).toBe("returned");
  });

  it("gives nothing back for a partial refund, until the refunds add up to the whole order", async () => {
    const code = await codeFor(6, 9601);
    await send("orders/paid", order(9602, 6, "20.00", { discountCodes: [code] }));
    await hooks.work();
    await send("refunds/create", fullRefund(96021, 9602, "15.00"));
    await hooks.work();
    // 15 of the order's 20 points are taken back; the code's 500 stay spent.
    expect(await balance(6)).toMatchObject({ posted: 505, available: 505 });
    expect(await returns(6)).toBe(0);
    expect(await statusOf(code)).toBe("used");

    await send("refunds/create", fullRefund(96022, 9602, "5.00"));
    await hooks.work();
    expect(await balance(6)).toMatchObject({ posted: 1000, available: 1000 });
    expect(await returns(6)).toBe(1);
  });

  it("keeps the points on a full refund when the merchant switched the setting off on the Program page, and still gives them back on cancellation", async () => {
    const before = await listAuditEvents(t.db.prisma, SHOP, { limit: 50 });
    const form = await (await admin.get("/app/program")).text();
    expect(form).toMatch(/<input[^>]*\bid="program-redemption-returnPointsOnFullRefund"[^>]*\bchecked=""/);
    expect(decodeHtml(form)).toContain("Give points back when an order that used a reward is refunded in full");

    const refused = await admin.post("/app/program", { "redemption.returnPointsOnFullRefund": "maybe" });
    expect(refused.status).toBe(422);
    expect(decodeHtml(await refused.text())).toContain("Choose on or off.");
    expect(parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules).redemption.returnPointsOnFullRefund).toBe(true);

    expect((await admin.post("/app/program", { "redemption.returnPointsOnFullRefund": "false" })).status).toBe(200);
    expect(parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules).redemption.returnPointsOnFullRefund).toBe(false);
    const [saved] = await listAuditEvents(t.db.prisma, SHOP, { limit: 50 });
    expect(saved).toMatchObject({ action: "program.updated", actorId: "demo" });
    expect(saved?.id).not.toBe(before[0]?.id);
    expect(saved?.details).toMatchObject({ changes: [{ path: "redemption.returnPointsOnFullRefund", from: true, to: false }] });

    const code = await codeFor(7, 9701);
    await send("orders/paid", order(9702, 7, "20.00", { discountCodes: [code] }));
    await send("refunds/create", fullRefund(97021, 9702, "20.00"));
    await hooks.work();
    expect(await balance(7)).toMatchObject({ posted: 500, available: 500 });
    expect(await returns(7)).toBe(0);
    expect(await statusOf(code)).toBe("used");

    await send("orders/cancelled", order(9702, 7, "20.00", { discountCodes: [code], cancelledAt: "2026-11-22T09:00:00-05:00" }));
    await hooks.work();
    expect(await balance(7)).toMatchObject({ posted: 1000, available: 1000 });
    expect(await returns(7)).toBe(1);
  });

  it("puts returned points on the member's expiry clock as it stands: gone at the next run if their quiet spell ended meanwhile", async () => {
    await program((rules) => {
      rules.expiry.enabled = true;
      rules.expiry.monthsWithoutPurchase = 12;
    });
    const jobs = (at: Date) => runDueJobs(t.db, at, { deactivateDiscount: async () => {} });

    // Customer 8 spent all they had on a code, used by an order that earned nothing: an expiry run finds nothing to
    // take. Customer 9 kept 510 points, which expire. Both quiet spells ended a month ago.
    const spentAll = await codeFor(8, 9801, { subtotal: "500.00", processedAt: monthsAgo(15) });
    await send("orders/paid", order(9802, 8, "0.50", { discountCodes: [spentAll], processedAt: monthsAgo(14) }));
    const keptSome = await codeFor(9, 9901, { processedAt: monthsAgo(15) });
    await send("orders/paid", order(9902, 9, "10.00", { discountCodes: [keptSome], processedAt: monthsAgo(14) }));
    await hooks.work();
    expect(await balance(8)).toMatchObject({ posted: 0, available: 0 });
    expect(await balance(9)).toMatchObject({ posted: 510, available: 510 });
    await jobs(new Date());
    expect(await balance(9)).toMatchObject({ posted: 0, available: 0 });
    const expiries = (customer: number) => t.db.prisma.transfer.count({ where: { code: "EXPIRY", member: { shop: SHOP, customerId: String(customer) } } });
    expect(await expiries(8)).toBe(0);
    expect(await expiries(9)).toBe(1);

    await send("orders/cancelled", order(9802, 8, "0.50", { discountCodes: [spentAll], cancelledAt: new Date().toISOString(), processedAt: monthsAgo(14) }));
    await send("orders/cancelled", order(9902, 9, "10.00", { discountCodes: [keptSome], cancelledAt: new Date().toISOString(), processedAt: monthsAgo(14) }));
    await hooks.work();
    expect(await returns(8)).toBe(1);
    expect(await returns(9)).toBe(1);
    expect(await balance(8)).toMatchObject({ posted: 500, available: 500 });
    // Customer 9's cancellation also takes back the order's 10 points, which had expired with the rest.
    expect(await balance(9)).toMatchObject({ posted: 490, available: 490 });

    await jobs(new Date(Date.now() + 60_000));
    // Customer 8 was still quiet: the returned points expire as they would have unspent.
    expect(await balance(8)).toMatchObject({ posted: 0, available: 0 });
    expect(await expiries(8)).toBe(1);
    // Customer 9's points expired a minute ago, which began a new quiet spell: the returned points have its months.
    expect(await balance(9)).toMatchObject({ posted: 490, available: 490 });
  });

  it("leaves every balance and daily sum equal to its transfers, and the dashboard counts returned points as not redeemed", async () => {
    expect((await auditBalances(t.db)).drift).toEqual([]);
    expect((await auditDailySums(t.db)).drift).toEqual([]);

    // Every code above was spent on an order that gave its points back.
    const sum = async (code: string) => (await t.db.prisma.transfer.aggregate({ where: { shop: SHOP, code, status: "posted" }, _sum: { points: true } }))._sum.points;
    expect(await sum("REDEMPTION")).toBe(-4500);
    expect(await sum("REDEMPTION_RETURNED")).toBe(4500);
    const dashboard = await loadDashboard(t.db, SHOP, resolvePeriod(periodQuerySchema.parse({}), new Date()));
    expect(dashboard.points.redeemed).toBe(0);
  });
});
