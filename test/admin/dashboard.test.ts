// The dashboard at /app, through the built app, on a shop whose history was made the way production makes it:
// each webhook through the handler the delivery worker runs, reward codes through the ledger writer, expiry by
// the job, every one at its own moment (the ledger's clock and the handler's `now` move together). The figures
// below are worked out by hand from that history; the comments say where each comes from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_ACTIVE_DAYS, loadDashboard } from "~/admin/dashboard/dashboard-query.server";
import { periodQuerySchema, resolvePeriod } from "~/admin/dashboard/dashboard-period";
import { expireInactivePoints } from "~/loyalty/expiry/expire-points.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { deliveryHandlers } from "~/webhooks/delivery-handlers.server";
import type { WebhookTopic } from "~/queue/delivery";
import { customerPayload, orderPayload, refundPayload, type Address } from "../fixtures/shopify-payloads";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { decodeHtml } from "../support/html-text";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "dashboard-test.myshopify.com";
const OTHER_SHOP = "another-shop.myshopify.com";
const DAY_MS = 86_400_000;
/** Today's start (UTC): the history is laid out in whole days before it, at noon, so presets see it too. */
const TODAY = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const day = (daysAgo: number) => new Date(TODAY.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
const noon = (daysAgo: number) => new Date(TODAY.getTime() - daysAgo * DAY_MS + 12 * 3_600_000);

const ANN_ADDRESS: Address = { address1: "1 Birch Lane", city: "Portland", zip: "97201", province_code: "OR", country_code: "US" };
const ann = { id: 1, first_name: "Ann", last_name: "Archer", email: "ann@example.com", default_address: ANN_ADDRESS };
const ben = { id: 2, first_name: "Ben", last_name: "Baker", email: "ben@example.com" };
const cat = { id: 3, first_name: "Cat", last_name: "Cole", email: "cat@example.com", default_address: { ...ANN_ADDRESS, address1: "9 Oak Road" } };
const dan = { id: 4, first_name: "Dan", last_name: "Dunn", email: "dan@example.com" };
const gus = { id: 7, first_name: "Gus", last_name: "Grant", email: "gus@example.com" };

/** The text a person reads on the page, one "|" between elements, with React's entities decoded. */
function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .split(/<[^>]+>/)
    .map((part) => decodeHtml(part).trim())
    .filter(Boolean)
    .join("|");
}

describe.each(testDatabaseKinds())("dashboard on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let cookie: string;
  let clock = new Date();

  async function at(daysAgo: number, work: (now: Date) => Promise<unknown>) {
    clock = noon(daysAgo);
    await work(clock);
  }
  const deliver = (shop: string, topic: WebhookTopic, payload: unknown) => (now: Date) => deliveryHandlers[topic](t.db, shop, JSON.parse(JSON.stringify(payload)), now);
  const get = (query = "") => app(new Request(`http://localhost/app${query}`, { headers: { Cookie: cookie } }));

  beforeAll(async () => {
    t = await createTestDatabase(kind, { clock: () => clock });
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Dashboard Test", currencyCode: "USD" });
    const rules = defaultProgramRules();
    rules.expiry = { enabled: true, monthsWithoutPurchase: 12 };
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });

    const paid = (order: Parameters<typeof orderPayload>[0]) => deliver(SHOP, "orders/paid", orderPayload(order));
    await at(400, deliver(SHOP, "customers/create", customerPayload({ ...ann, state: "enabled" })));
    const annCode = (await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } })).referralCode ?? "";
    await at(380, paid({ id: 101, customer: ann, subtotal: "200.00", processedAt: noon(380).toISOString() }));
    await at(370, paid({ id: 701, customer: gus, subtotal: "70.00", processedAt: noon(370).toISOString() }));
    await at(200, paid({ id: 401, customer: dan, subtotal: "60.00", processedAt: noon(200).toISOString() }));
    await at(20, paid({ id: 102, customer: ann, subtotal: "100.00", processedAt: noon(20).toISOString() }));
    await at(12, deliver(SHOP, "customers/create", customerPayload({ ...cat, state: "enabled" })));
    await at(10, deliver(SHOP, "customers/create", customerPayload({ ...ben, state: "enabled" })));
    // Ben's first order with Ann's code: rewarded at once (no pending window). Then a 20.00 refund.
    await at(8, paid({ id: 201, customer: ben, subtotal: "80.00", discountCodes: [annCode], processedAt: noon(8).toISOString() }));
    await at(7, deliver(SHOP, "refunds/create", refundPayload({ id: 9001, orderId: 201, lines: [{ subtotal: "20.00" }], createdAt: noon(7).toISOString() })));
    // Three rejected referrals: Cat ships to Ann's address, Ann uses her own code, Dan had ordered before.
    await at(6, paid({ id: 301, customer: cat, subtotal: "40.00", discountCodes: [annCode], shipping: ANN_ADDRESS, processedAt: noon(6).toISOString() }));
    await at(5, paid({ id: 103, customer: ann, subtotal: "50.00", discountCodes: [annCode], processedAt: noon(5).toISOString() }));
    await at(4, paid({ id: 402, customer: dan, subtotal: "60.00", discountCodes: [annCode], processedAt: noon(4).toISOString() }));
    await at(3, async () => {
      const member = await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } });
      const reserved = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: member.id, points: 500, idempotencyKey: "test:ann:reward" });
      if (!reserved.ok) throw new Error(reserved.message);
      await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: reserved.transfer.id, idempotencyKey: "test:ann:reward:used" });
    });
    await at(3, paid({ id: 302, customer: cat, subtotal: "500.00", processedAt: noon(3).toISOString() }));
    await at(3, paid({ id: 801, customer: null, email: "g1@example.com", subtotal: "30.00", processedAt: noon(3).toISOString() }));
    await at(2, deliver(SHOP, "orders/cancelled", orderPayload({ id: 302, customer: cat, subtotal: "500.00", processedAt: noon(3).toISOString(), cancelledAt: noon(2).toISOString() })));
    await at(2, paid({ id: 802, customer: null, email: "G1@Example.com", subtotal: "20.00", processedAt: noon(2).toISOString() }));
    await at(2, paid({ id: 803, customer: null, email: "g2@example.com", subtotal: "10.00", processedAt: noon(2).toISOString() }));
    // Gus last bought 370 days ago: his 70 points expire.
    await at(1, (now) => expireInactivePoints(t.db, now));
    // Another shop's business never shows.
    await at(2, deliver(OTHER_SHOP, "orders/paid", orderPayload({ id: 5001, customer: ann, subtotal: "999.00", processedAt: noon(2).toISOString() })));

    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", NODE_ENV: "test", TALLY_DEMO: "1", TALLY_DEMO_SHOP: SHOP });
    const signIn = await app(new Request("http://localhost/demo", { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
    cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^tally_demo=/);
  });
  afterAll(() => t?.destroy());

  it("made the history it meant to: the referrals and the expiry happened", async () => {
    const referrals = await t.db.prisma.referral.findMany({ where: { shop: SHOP }, orderBy: { orderId: "asc" } });
    expect(referrals.map((r) => [r.orderId, r.status, r.reason])).toEqual([
      ["103", "rejected", "self_referral"],
      ["201", "rewarded", null],
      ["301", "rejected", "same_address"],
      ["402", "rejected", "not_first_order"],
    ]);
    const expiry = await t.db.prisma.transfer.findMany({ where: { shop: SHOP, code: "EXPIRY" } });
    expect(expiry.map((transfer) => transfer.points)).toEqual([-70]);
  });

  it("shows the last 30 days by default, with every figure", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    const text = pageText(await response.text());
    expect(text).toContain(`Dashboard|${day(29)} to ${day(0)} (days in UTC)`);
    // Ann, Ben, Cat, Dan and Gus; all of them got their member row today, when their events were handled.
    expect(text).toContain("Members|5|5 joined in this period");
    // Sign-ups 100 + 100, orders 100 + 50 + 80 + 40 + 60 + 500, Ann's referral reward 500, less the 20 refunded
    // and the 500 of Cat's cancelled order.
    expect(text).toContain("Issued|1,010|");
    expect(text).toContain("Redeemed|500|");
    expect(text).toContain("Expired|70|");
    // Ann 100 + 200 + 100 + 50 + 500 − 500 = 450, Ben 160, Cat 140, Dan 120, Gus 0.
    expect(text).toContain("Outstanding|870|");
    expect(text).toContain("Outstanding liability|$8.70|What the outstanding points are worth as discounts today, at your redemption rate of 100 points = $1.00.");
    expect(text).toContain("Redemption rate|49.5%|");
    // Members: Ann 100 + 50, Ben 80 − 20, Cat 40, Dan 60 (Cat's 500 was cancelled); guests 30 + 20 + 10.
    expect(text).toContain("From members|$310.00|");
    expect(text).toContain("From referred friends|$60.00|");
    expect(text).toContain("All orders|$370.00|");
    // Ann bought twice of four members; g1@example.com (either case) twice of two guests.
    expect(text).toContain("Members|25.0%|1 of 4 shoppers");
    expect(text).toContain("Non-members|50.0%|1 of 2 shoppers");
    // At the start Ann, Dan and Gus had bought within a year; at the end Ann, Ben, Cat and Dan: (4 − 2) / 3.
    expect(text).toContain("Customer retention rate|66.7%|3 at the start, 4 at the end, 2 new");
    // Ann 350, Ben 60, Cat 40, Dan 120, Gus 70 over five members.
    expect(text).toContain("Average customer lifetime value|$128.00|Across 5 members who have bought");
    expect(text).toContain("Referred orders|4|Rewarded|1|Waiting for the pending window|0|Cancelled (the friend's order was refunded or cancelled)|0|Rejected|3");
    for (const reason of ["Not the friend's first order", "Same shipping address as the member", "The member used their own code"]) {
      expect(text).toContain(`— ${reason}|1`);
    }
    // What the figures mean is on the page.
    expect(text).toContain("CRR = (customers at the end − new customers) ÷ customers at the start × 100. A customer is a member who paid for an order in the 365 days before that moment");
    expect(CUSTOMER_ACTIVE_DAYS).toBe(365);
  });

  it("follows the period picker: presets and a custom range from the query string", async () => {
    const week = pageText(await (await get("?period=7d")).text());
    expect(week).toContain(`${day(6)} to ${day(0)} (days in UTC)`);
    // Cat 40, Ann 50, Dan 60, Cat 500 − 500 cancelled; Ann's 500 reward code: more redeemed than issued.
    expect(week).toContain("Issued|150|");
    expect(week).toContain("Redemption rate|333.3%|");
    expect(week).toContain("From members|$150.00|");
    expect(week).toContain("From referred friends|$0.00|");
    expect(week).toContain("All orders|$210.00|");
    expect(week).toContain("Members|0.0%|0 of 3 shoppers");
    // At the start Ann, Ben, Dan and Gus; at the end Ann, Ben, Cat and Dan: (4 − 1) / 4.
    expect(week).toContain("Customer retention rate|75.0%|4 at the start, 4 at the end, 1 new");
    expect(week).toContain("Referred orders|3|Rewarded|0");

    const custom = pageText(await (await get(`?period=custom&from=${day(29)}&to=${day(0)}`)).text());
    expect(custom).toContain("Issued|1,010|");
    expect(custom).toContain("Customer retention rate|66.7%|");

    // A year ago: Ann's and Gus's first orders, nobody joined, and no customers a year before that.
    const past = pageText(await (await get(`?period=custom&from=${day(390)}&to=${day(360)}`)).text());
    expect(past).toContain("Members|5|0 joined in this period");
    expect(past).toContain("Issued|270|");
    expect(past).toContain("From members|$270.00|");
    expect(past).toContain(`Customer retention rate|—|0 at the start, 2 at the end, 2 new|Not enough data in this period.`);
    expect(past).toContain("Average customer lifetime value|$135.00|Across 2 members who have bought");
    expect(past).toContain("Redemption rate|0.0%|");
  });

  it("charts points by day for a month and by seven days beyond", async () => {
    const month = await loadDashboard(t.db, SHOP, resolvePeriod(periodQuerySchema.parse({}), new Date()));
    expect(month.charts.issued).toHaveLength(30);
    const issuedOn = (daysAgo: number) => month.charts.issued.find((bucket) => bucket.key === day(daysAgo))?.value;
    expect(issuedOn(8)).toBe(580);
    expect(issuedOn(7)).toBe(-20);
    expect(issuedOn(9)).toBe(0);
    expect(month.charts.redeemed.find((bucket) => bucket.key === day(3))?.value).toBe(500);
    expect(month.charts.revenue.find((bucket) => bucket.key === day(8))?.value).toBe(6_000);
    expect(month.charts.issued.reduce((sum, bucket) => sum + bucket.value, 0)).toBe(1_010);

    const quarter = await loadDashboard(t.db, SHOP, resolvePeriod(periodQuerySchema.parse({ period: "90d" }), new Date()));
    expect(quarter.period.bucket).toBe("week");
    expect(quarter.charts.issued).toHaveLength(13);
    expect(quarter.charts.issued[0]?.key).toBe(day(89));
    expect(quarter.charts.issued.reduce((sum, bucket) => sum + bucket.value, 0)).toBe(1_010);
    expect(quarter.charts.revenue.reduce((sum, bucket) => sum + bucket.value, 0)).toBe(31_000);
  });

  it("answers a bad period with 400 and a message that says what to fix", async () => {
    const cases: [string, string][] = [
      ["?period=yesterday", "Choose a period: last 7, 30, 90 or 365 days, or a custom range."],
      ["?period=custom&from=2026-11-01", "A custom range needs an end date (to)."],
      ["?period=custom&from=2026-02-30&to=2026-03-01", "Enter dates as YYYY-MM-DD, for example 2026-11-01."],
      ["?period=custom&from=2026-11-02&to=2026-11-01", "The end date must be on or after the start date."],
    ];
    for (const [query, message] of cases) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(pageText(await response.text()), query).toContain(message);
    }
  });

  it("shows an empty shop as zeros and dashes, not errors", async () => {
    const empty = await loadDashboard(t.db, "nobody-here.myshopify.com", resolvePeriod(periodQuerySchema.parse({}), new Date()));
    expect(empty.members).toEqual({ total: 0, joined: 0 });
    expect(empty.points).toMatchObject({ issued: 0, redeemed: 0, expired: 0, outstanding: 0, liabilityMinor: 0, redemptionRate: null });
    expect(empty.retention.rate).toBeNull();
    expect(empty.lifetimeValue.averageMinor).toBeNull();
    expect(empty.repeat.members.rate).toBeNull();
  });
});
