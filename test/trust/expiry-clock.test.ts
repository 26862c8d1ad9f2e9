// Points earned after an expiry expire in their turn; the merchant chooses whether earning and spending points
// count as activity; and the shopper is told when their points will expire. Through signed orders/paid webhooks,
// the real job runner and the shopper API, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { LATE_PURCHASE_GRACE_MS } from "~/loyalty/expiry/expiry-window";
import { orderPayload } from "../fixtures/shopify-payloads";
import { SHOP } from "../support/members";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const DAY = 86_400_000;

function monthsFrom(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

describe.each(testDatabaseKinds())("the expiry clock on %s", (kind) => {
  let t: TestDatabase;
  let hooks: WebhookHarness;
  const jobs = (at: Date) => runDueJobs(t.db, at, { deactivateDiscount: async () => {} });
  const paid = (id: number, customer: number, subtotal: string, processedAt: Date) =>
    hooks.send(SHOP, "orders/paid", orderPayload({ id, customer: { id: customer, state: "enabled" }, subtotal, processedAt: processedAt.toISOString() }));
  const memberId = async (customer: number) =>
    (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customer) } } })).id;
  const expiries = async (customer: number) =>
    t.db.prisma.transfer.findMany({ where: { code: "EXPIRY", memberId: await memberId(customer) }, orderBy: { createdAt: "asc" } });
  const adjust = async (customer: number, points: number, key: string) => {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: await memberId(customer), code: "ADJUSTMENT", points, status: "posted", idempotencyKey: key, memo: "Goodwill" });
    if (!outcome.ok) throw new Error(outcome.message);
  };
  const summary = async (customer: number) =>
    (await hooks.app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: String(customer) })))).json();
  const expiryProgram = (anyActivity: boolean) =>
    hooks.useProgram(SHOP, (rules) => {
      rules.expiry.enabled = true;
      rules.expiry.monthsWithoutPurchase = 12;
      rules.expiry.anyActivity = anyActivity;
    });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    hooks = await webhookHarness(t);
    await expiryProgram(false);
  });
  afterAll(() => t.destroy());

  it("expires points earned after an earlier expiry once the member has again been quiet for the program's months", async () => {
    expect((await paid(8101, 11, "100.00", monthsFrom(new Date(), -14))).status).toBe(200);
    await hooks.work();
    await jobs(new Date());
    expect(await hooks.balances(SHOP, 11)).toMatchObject({ available: 0 });
    const [first] = await expiries(11);
    expect(first?.points).toBe(-100);

    // A goodwill adjustment after the expiry: no purchase follows it.
    await adjust(11, 40, "goodwill:11");
    await jobs(monthsFrom(new Date(), 6));
    expect(await hooks.balances(SHOP, 11)).toMatchObject({ available: 40 });

    // The shopper is told when: twelve months after the expiry, and the wait for late purchases.
    const told = (await summary(11)).expiry;
    const due = new Date(monthsFrom(first?.createdAt ?? new Date(), 12).getTime() + LATE_PURCHASE_GRACE_MS);
    expect(told).toEqual({ points: 40, expiresAt: due.toISOString() });

    await jobs(new Date(due.getTime() - DAY));
    expect(await hooks.balances(SHOP, 11)).toMatchObject({ available: 40 });
    await jobs(due);
    await jobs(new Date(due.getTime() + DAY));
    expect(await hooks.balances(SHOP, 11)).toMatchObject({ available: 0 });
    expect((await expiries(11)).map((row) => row.points)).toEqual([-100, -40]);
    expect((await summary(11)).expiry).toBeNull();
  });

  it("counts points earned or spent as activity only when the merchant chooses so", async () => {
    await expiryProgram(true);
    expect((await paid(8201, 12, "100.00", monthsFrom(new Date(), -14))).status).toBe(200);
    expect((await paid(8301, 13, "100.00", monthsFrom(new Date(), -14))).status).toBe(200);
    await hooks.work();
    await adjust(12, 30, "bonus:12");
    // Points taken away by staff are not the member's doing.
    await adjust(13, -10, "correction:13");

    await jobs(new Date());
    expect(await hooks.balances(SHOP, 12)).toMatchObject({ available: 130 });
    expect(await hooks.balances(SHOP, 13)).toMatchObject({ available: 0 });
    expect((await summary(12)).expiry).toMatchObject({ points: 130 });

    await expiryProgram(false);
    await jobs(new Date());
    expect(await hooks.balances(SHOP, 12)).toMatchObject({ available: 0 });
    expect((await expiries(12)).map((row) => row.memo)).toEqual(["No purchase for 12 months"]);
  });

  it("tells the shopper nothing when points do not expire", async () => {
    expect((await paid(8401, 14, "80.00", new Date())).status).toBe(200);
    await hooks.work();
    expect((await summary(14)).expiry).toMatchObject({ points: 80 });
    await hooks.useProgram(SHOP, (rules) => {
      rules.expiry.enabled = false;
    });
    expect(await summary(14)).toMatchObject({ signedIn: true, expiry: null, balance: { available: 80 } });
  });
});
