// Install day starts from the shop's history (docs/shop-history.md), on SQLite and PostgreSQL, from the real entry
// points: the install (afterInstall, as Shopify's afterAuth calls it) and the job runner drive bulk operations
// against the Admin API stand-in, which answers them from the shop's customers and orders and serves their JSONL;
// staff use the built app's Import and export page; Shopify's webhooks arrive signed. Customers become members at
// the tier their past 12 months earn, with no points; the orders are recorded for tiers, referral checks and the
// dashboard's rollups; a second read changes nothing; the dry run writes nothing; the award pays once, and a later
// orders/paid for an imported order pays nothing more; a failed bulk operation shows Shopify's reason; and an
// emails-only Smile.io export then matches a customer who never ordered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { offlineAdmin } from "../support/offline-admin";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const DAY = 86_400_000;
const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } });

interface CustomerFixture {
  id: number;
  first: string;
  email: string;
}

const customerNode = (customer: CustomerFixture) => ({
  id: `gid://shopify/Customer/${customer.id}`,
  legacyResourceId: String(customer.id),
  firstName: customer.first,
  lastName: "History",
  displayName: `${customer.first} History`,
  state: "ENABLED",
  defaultEmailAddress: { emailAddress: customer.email },
});

/** An order as the Admin API holds it, paid `daysAgo` days before now. */
function orderNode(id: number, customer: CustomerFixture | null, subtotal: string, daysAgo: number, options: { status?: string; refund?: string } = {}) {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  const lineItem = { id: `gid://shopify/LineItem/${id}01`, quantity: 1, isGiftCard: false, originalUnitPriceSet: money(subtotal), discountAllocations: [] };
  const refunded = options.refund;
  return {
    id: `gid://shopify/Order/${id}`,
    legacyResourceId: String(id),
    name: `#${id}`,
    email: customer?.email ?? "guest@example.com",
    test: false,
    createdAt: at,
    processedAt: at,
    updatedAt: at,
    cancelledAt: null,
    displayFinancialStatus: options.status ?? (refunded ? "PARTIALLY_REFUNDED" : "PAID"),
    currencyCode: "USD",
    discountCodes: [],
    customAttributes: [],
    subtotalPriceSet: money(subtotal),
    currentSubtotalPriceSet: money(refunded ? (Number(subtotal) - Number(refunded)).toFixed(2) : subtotal),
    taxesIncluded: false,
    totalTaxSet: money("0.00"),
    customer: customer ? customerNode(customer) : null,
    shippingAddress: { address1: `${id} Elm Street`, address2: null, city: "Springfield", zip: "62701", provinceCode: "IL", countryCodeV2: "US" },
    shippingLines: [{ id: `gid://shopify/ShippingLine/${id}`, taxLines: [] }],
    lineItems: [lineItem],
    refunds: refunded
      ? [
          {
            id: `gid://shopify/Refund/${id}9`,
            legacyResourceId: `${id}9`,
            createdAt: at,
            processedAt: at,
            refundLineItems: [{ id: `gid://shopify/RefundLineItem/${id}9`, quantity: 1, lineItem: { id: lineItem.id, isGiftCard: false }, subtotalSet: money(refunded), totalTaxSet: money("0.00") }],
          },
        ]
      : [],
  };
}

describe.each(testDatabaseKinds())("the shop's history on install on %s", (kind) => {
  const SHOP = `history-${kind}.myshopify.com`;
  const ava = { id: 8801, first: "Ava", email: "ava.history@example.com" };
  const ben = { id: 8802, first: "Ben", email: "ben.history@example.com" };
  const cleo = { id: 8803, first: "Cleo", email: "cleo.history@example.com" };
  const dan = { id: 8804, first: "Dan", email: "dan.history@example.com" };
  // Ava: 300.00 then 250.00, Silver; Ben: 1,600.00 then 100.00 with 40.00 refunded, Gold; Cleo never ordered; Dan's
  // only order is older than 12 months; a guest's order; an order not yet paid.
  const ORDERS = { ava1: 770001, ava2: 770002, ben1: 770003, ben2: 770004, dan: 770005, guest: 770006, pending: 770007 };
  let t: TestDatabase;
  let admin: DemoAdmin;
  let webhookId = 0;
  const jobs: JobDependencies = { deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) };

  const runJobsUntilSettled = async () => {
    for (let round = 0; round < 8; round++) {
      const run = await t.db.prisma.shopHistoryImport.findFirst({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } });
      if (run && (run.status === "done" || run.status === "failed")) return run;
      await runDueJobs(t.db, new Date(), jobs);
    }
    throw new Error("the history run did not finish");
  };
  const member = (customer: CustomerFixture) =>
    t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customer.id) } }, include: { balance: true } });
  const transfers = () => t.db.prisma.transfer.findMany({ where: { shop: SHOP }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const state = async () => ({
    members: await t.db.prisma.member.findMany({ where: { shop: SHOP }, select: { customerId: true, tier: true, tierSpend: true, email: true }, orderBy: { customerId: "asc" } }),
    orders: await t.db.prisma.loyaltyOrder.findMany({ where: { shop: SHOP }, orderBy: { orderId: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    refunds: await t.db.prisma.orderRefund.count({ where: { shop: SHOP } }),
    daily: await t.db.prisma.orderDaily.findMany({ where: { shop: SHOP }, orderBy: { day: "asc" } }),
    transfers: (await transfers()).length,
  });
  const send = async (topic: string, payload: unknown) => {
    const response = await admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, webhookId: `history-${++webhookId}` }));
    expect(response.status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
  };
  /** What the page shows, without the markers React puts between a text and the values in it. */
  const page = async () => renderedMarkup(await (await admin.get("/app/import-export")).text()).replace(/<!-- -->/g, "");

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    adminApi.store.shop(SHOP).query.customers = [ava, ben, cleo, dan].map(customerNode);
    adminApi.store.shop(SHOP).query.orders = [
      orderNode(ORDERS.ava1, ava, "300.00", 200),
      orderNode(ORDERS.ava2, ava, "250.00", 100),
      orderNode(ORDERS.ben1, ben, "1600.00", 150),
      orderNode(ORDERS.ben2, ben, "100.00", 20, { refund: "40.00" }),
      orderNode(ORDERS.dan, dan, "900.00", 400),
      orderNode(ORDERS.guest, null, "50.00", 30),
      orderNode(ORDERS.pending, ava, "70.00", 10, { status: "PENDING" }),
    ];
    admin = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  it("reads customers and the last 12 months of orders with bulk operations on install: members at their tier, no points", async () => {
    await installShop(t, SHOP);
    const requests = adminApi.store.requests.filter((request) => request.shop === SHOP);
    const bulkQueries = requests.filter((request) => request.operationName === "TallyRunBulkQuery").map((request) => String(request.variables.query));
    expect(bulkQueries).toHaveLength(1);
    expect(bulkQueries[0]).toContain("query TallyHistoryCustomers");

    const run = await runJobsUntilSettled();
    expect(run).toMatchObject({ status: "done", trigger: "install", customersRead: 4, membersCreated: 4, ordersRead: 6, ordersRecorded: 5, error: null });
    const orderQuery = adminApi.store.requests.filter((request) => request.shop === SHOP && request.operationName === "TallyRunBulkQuery").map((request) => String(request.variables.query))[1];
    expect(orderQuery).toContain("query TallyHistoryOrders");
    expect(orderQuery).toContain(`created_at:>='${run.since.toISOString()}' AND created_at:<'${run.until.toISOString()}'`);
    // Polled by id until Shopify said it had finished.
    expect(adminApi.store.requests.filter((request) => request.shop === SHOP && request.operationName === "TallyBulkOperation").length).toBeGreaterThanOrEqual(2);

    const after = await state();
    expect(after.members.map(({ customerId, tier, email }) => ({ customerId, tier, email }))).toEqual([
      { customerId: "8801", tier: "silver", email: ava.email },
      { customerId: "8802", tier: "gold", email: ben.email },
      { customerId: "8803", tier: "member", email: cleo.email },
      { customerId: "8804", tier: "member", email: dan.email },
    ]);
    expect(after.members.find((row) => row.customerId === "8802")?.tierSpend).toBe(166_000);
    expect(after.transfers).toBe(0);
    for (const customer of [ava, ben, cleo, dan]) expect((await member(customer)).balance?.available ?? 0).toBe(0);

    // Paid orders of the window, recorded with their earnings held back; not Dan's old one, not the unpaid one.
    expect(after.orders.map((order) => order.orderId)).toEqual([ORDERS.ava1, ORDERS.ava2, ORDERS.ben1, ORDERS.ben2, ORDERS.guest].map(String));
    expect(after.orders.filter((order) => order.memberId !== null).map(({ orderId, eligibleMinor, refundedMinor, earnedPoints, tierAtPaid, earningsWithheld }) => ({ orderId, eligibleMinor, refundedMinor, earnedPoints, tierAtPaid, earningsWithheld }))).toEqual([
      { orderId: String(ORDERS.ava1), eligibleMinor: 30_000, refundedMinor: 0, earnedPoints: 0, tierAtPaid: "member", earningsWithheld: true },
      { orderId: String(ORDERS.ava2), eligibleMinor: 25_000, refundedMinor: 0, earnedPoints: 0, tierAtPaid: "member", earningsWithheld: true },
      { orderId: String(ORDERS.ben1), eligibleMinor: 160_000, refundedMinor: 0, earnedPoints: 0, tierAtPaid: "member", earningsWithheld: true },
      { orderId: String(ORDERS.ben2), eligibleMinor: 10_000, refundedMinor: 4_000, earnedPoints: 0, tierAtPaid: "gold", earningsWithheld: true },
    ]);
    expect(after.refunds).toBe(1);
    // The dashboard's rollups count the history: five orders, 2,260.00 - 40.00 of net revenue, 2,210.00 from members.
    expect(after.daily.reduce((sum, day) => sum + day.orders, 0)).toBe(5);
    expect(after.daily.reduce((sum, day) => sum + Number(day.revenueMinor), 0)).toBe(226_000);
    expect(after.daily.reduce((sum, day) => sum + Number(day.memberRevenueMinor), 0)).toBe(221_000);

    const html = await page();
    expect(html).toContain("Status: Finished");
    expect(html).toContain("4 customers read (4 new members), 6 orders read (5 recorded).");
  });

  it("reads the history again on request and changes nothing", async () => {
    const before = await state();
    const response = await admin.post("/app/import-export", new URLSearchParams({ intent: "history" }));
    expect(response.status).toBe(302);
    const queued = await t.db.prisma.shopHistoryImport.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { createdAt: "desc" } });
    expect(queued).toMatchObject({ trigger: "staff", status: "queued", createdBy: "Demo staff" });
    expect(await page()).toContain("Status: Waiting to start");
    const run = await runJobsUntilSettled();
    expect(run).toMatchObject({ id: queued.id, status: "done", customersRead: 4, membersCreated: 0, ordersRead: 6, ordersRecorded: 0 });
    expect(await state()).toEqual(before);
  });

  it("counts imported customers as existing customers for the referral checks", async () => {
    const advocate = await member(cleo);
    expect(advocate.referralCode).toMatch(/\S/);
    await send("orders/paid", orderPayload({ id: 770100, customer: { id: ava.id, email: ava.email }, subtotal: "20.00", referralAttribute: advocate.referralCode ?? "" }));
    const referral = await t.db.prisma.referral.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: "770100" } } });
    expect(referral).toMatchObject({ advocateMemberId: advocate.id, status: "rejected", reason: "not_first_order" });
  });

  it("shows the award of points for past orders as a dry run, which writes nothing", async () => {
    const before = await state();
    const html = await page();
    // Ava 300 + 250 at Member; Ben 1,600 at Member and 150 at Gold less 60 for the refund.
    expect(html).toContain(
      "Dry run: awarding points for past orders would give 2,240 points to 2 members, for 4 orders, at your current earning rules and the tier each member held when they ordered. Nothing has been given yet.",
    );
    expect(html).toContain("Award 2,240 points to 2 members");
    expect(await state()).toEqual(before);
  });

  it("pays nothing for a redelivered orders/paid of an imported order before the award", async () => {
    const before = await transfers();
    const { balance } = await member(ava);
    await send("orders/paid", orderPayload({ id: ORDERS.ava1, customer: { id: ava.id, email: ava.email }, subtotal: "300.00", processedAt: new Date(Date.now() - 200 * DAY).toISOString() }));
    expect((await transfers()).filter((transfer) => !before.some((old) => old.id === transfer.id)).filter((transfer) => transfer.orderId === String(ORDERS.ava1))).toEqual([]);
    expect((await member(ava)).balance?.available).toBe(balance?.available);
  });

  it("awards the dry run's points once, under the keys a live orders/paid uses, and a later orders/paid pays nothing more", async () => {
    const run = await t.db.prisma.shopHistoryImport.findFirstOrThrow({ where: { shop: SHOP, status: "done" }, orderBy: { createdAt: "desc" } });
    const availableBefore = { ava: (await member(ava)).balance?.available ?? 0, ben: (await member(ben)).balance?.available ?? 0 };
    const response = await admin.post("/app/import-export", new URLSearchParams({ intent: "award", historyRunId: run.id }));
    expect(response.status).toBe(302);
    expect(((await member(ava)).balance?.available ?? 0) - availableBefore.ava).toBe(550);
    expect(((await member(ben)).balance?.available ?? 0) - availableBefore.ben).toBe(1_690);
    const history = (await transfers()).filter((transfer) => [ORDERS.ava1, ORDERS.ava2, ORDERS.ben1, ORDERS.ben2].map(String).includes(transfer.orderId ?? ""));
    // Paid in the order the orders were paid; listed here by order.
    const byOrder = [...history].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : 1));
    expect(byOrder.map(({ orderId, code, points, idempotencyKey }) => ({ orderId, code, points, idempotencyKey }))).toEqual([
      { orderId: String(ORDERS.ava1), code: "PURCHASE", points: 300, idempotencyKey: `order:${ORDERS.ava1}:earn` },
      { orderId: String(ORDERS.ava2), code: "PURCHASE", points: 250, idempotencyKey: `order:${ORDERS.ava2}:earn` },
      { orderId: String(ORDERS.ben1), code: "PURCHASE", points: 1_600, idempotencyKey: `order:${ORDERS.ben1}:earn` },
      { orderId: String(ORDERS.ben2), code: "PURCHASE", points: 150, idempotencyKey: `order:${ORDERS.ben2}:earn` },
      { orderId: String(ORDERS.ben2), code: "REFUND_REVERSAL", points: -60, idempotencyKey: `order:${ORDERS.ben2}:reverse:60` },
    ]);
    expect(await t.db.prisma.shopHistoryImport.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ awardedMembers: 2, awardedPoints: 2_240 });
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { shop: SHOP, action: "history.points_awarded" } });
    expect(JSON.parse(audit.details)).toEqual({ orders: 4, members: 2, points: 2_240 });

    // A second award finds nothing left; the page says what was given.
    const again = await admin.post("/app/import-export", new URLSearchParams({ intent: "award", historyRunId: run.id }));
    expect(again.status).toBe(409);
    const html = await page();
    expect(html).toContain("Awarded 2,240 points to 2 members on");
    expect(html).toContain("No past order is waiting for points.");

    // Shopify delivers orders/paid for imported orders again (a retry, or the reconciliation): nothing more is paid.
    const count = (await transfers()).length;
    await send("orders/paid", orderPayload({ id: ORDERS.ben1, customer: { id: ben.id, email: ben.email }, subtotal: "1600.00", processedAt: new Date(Date.now() - 150 * DAY).toISOString() }));
    await send("orders/paid", orderPayload({ id: ORDERS.ava2, customer: { id: ava.id, email: ava.email }, subtotal: "250.00", processedAt: new Date(Date.now() - 100 * DAY).toISOString() }));
    expect((await transfers()).length).toBe(count);
    expect(((await member(ava)).balance?.available ?? 0) - availableBefore.ava).toBe(550);
    expect(((await member(ben)).balance?.available ?? 0) - availableBefore.ben).toBe(1_690);
  });

  it("shows Shopify's reason when a bulk operation fails", async () => {
    adminApi.store.shop(SHOP).query.bulkOperation = (args: Record<string, unknown>) => ({ id: args.id, status: "FAILED", errorCode: "ACCESS_DENIED", objectCount: "0", url: null });
    try {
      expect((await admin.post("/app/import-export", new URLSearchParams({ intent: "history" }))).status).toBe(302);
      const run = await runJobsUntilSettled();
      expect(run).toMatchObject({ status: "failed", trigger: "staff" });
      expect(run.error).toBe("Shopify's bulk operation ended failed (ACCESS_DENIED).");
      const html = await page();
      expect(html).toContain("Status: Stopped");
      expect(html).toContain("Tally could not read the shop's history: Shopify's bulk operation ended failed (ACCESS_DENIED). Read it again to retry.");
    } finally {
      delete adminApi.store.shop(SHOP).query.bulkOperation;
    }
  });

  it("matches an emails-only Smile.io export to a customer who never ordered", async () => {
    const form = new FormData();
    form.set("file", new File([`email,points_balance\n${cleo.email},750\n${dan.email.toUpperCase()},120\n`], "smile.csv", { type: "text/csv" }));
    const response = await admin.post("/app/import-export", form);
    expect(response.status, await response.clone().text()).toBe(302);
    const runId = /run=([0-9a-f-]{36})/.exec(response.headers.get("location") ?? "")?.[1] ?? "";
    const checked = await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: runId } });
    expect(checked).toMatchObject({ status: "checked", format: "smile", totalRows: 2, errors: "[]" });
  });
});
