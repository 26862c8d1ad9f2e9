// Expiry waits for purchases still on their way, and a purchase paid before an expiry run that is delivered after
// it gives the expired points back: both orders of events, through signed orders/paid webhooks, the real job
// runner and the shopper API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { LATE_PURCHASE_GRACE_MS } from "~/loyalty/expiry/expiry-window";
import { orderPayload } from "../fixtures/shopify-payloads";
import { SHOP } from "../support/members";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const DAY = 86_400_000;

function monthsAgo(months: number, extraMs = 0): string {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return new Date(date.getTime() - extraMs).toISOString();
}

describe.each(testDatabaseKinds())("expiry and late purchases on %s", (kind) => {
  let t: TestDatabase;
  let hooks: WebhookHarness;
  const jobs = (at: Date) => runDueJobs(t.db, at, { deactivateDiscount: async () => {} });
  const paid = (id: number, customer: number, subtotal: string, processedAt: string) =>
    hooks.send(SHOP, "orders/paid", orderPayload({ id, customer: { id: customer, state: "enabled" }, subtotal, processedAt }));
  const expiryRows = (customer: number, code: "EXPIRY" | "EXPIRY_REVERSAL") =>
    t.db.prisma.transfer.count({ where: { code, member: { shop: SHOP, customerId: String(customer) } } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    hooks = await webhookHarness(t);
    await hooks.useProgram(SHOP, (rules) => {
      rules.expiry.enabled = true;
      rules.expiry.monthsWithoutPurchase = 12;
    });
  });
  afterAll(() => t.destroy());

  it("gives the expired points back when a purchase paid before the expiry run is delivered after it", async () => {
    expect((await paid(7101, 1, "100.00", monthsAgo(14))).status).toBe(200);
    await hooks.work();
    expect(await hooks.balances(SHOP, 1)).toMatchObject({ posted: 100, available: 100 });

    const run = new Date();
    await jobs(run);
    expect(await hooks.balances(SHOP, 1)).toMatchObject({ posted: 0, available: 0 });

    // Paid the day before the run; Shopify's delivery (or the reconciliation) brings it in afterwards, twice.
    const late = orderPayload({ id: 7102, customer: { id: 1, state: "enabled" }, subtotal: "20.00", processedAt: new Date(run.getTime() - DAY).toISOString() });
    expect((await hooks.send(SHOP, "orders/paid", late)).status).toBe(200);
    expect((await hooks.send(SHOP, "orders/paid", late)).status).toBe(200);
    await hooks.work();
    expect(await hooks.balances(SHOP, 1)).toMatchObject({ posted: 120, available: 120 });
    expect(await expiryRows(1, "EXPIRY")).toBe(1);
    expect(await expiryRows(1, "EXPIRY_REVERSAL")).toBe(1);

    // The next runs leave them: the member was not quiet after all.
    await jobs(new Date(Date.now() + 60_000));
    expect(await hooks.balances(SHOP, 1)).toMatchObject({ posted: 120, available: 120 });

    const summary = await (await hooks.app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: "1" })))).json();
    expect(summary.balance.available).toBe(120);
    expect(summary.history.map((entry: { title: string; points: number }) => [entry.title, entry.points])).toEqual(
      expect.arrayContaining([["Points expired", -100], ["Expired points given back for an earlier order", 100]]),
    );
  });

  it("does not expire points when a purchase paid before the run is delivered before it", async () => {
    expect((await paid(7201, 2, "100.00", monthsAgo(14))).status).toBe(200);
    expect((await paid(7202, 2, "20.00", new Date(Date.now() - DAY).toISOString())).status).toBe(200);
    await hooks.work();
    await jobs(new Date());
    expect(await hooks.balances(SHOP, 2)).toMatchObject({ posted: 120, available: 120 });
    expect(await expiryRows(2, "EXPIRY")).toBe(0);
  });

  it("waits as long as a purchase can take to arrive before it expires a quiet spell that just ended", async () => {
    // The twelve quiet months ended a day ago: a purchase paid since could still be on its way.
    expect((await paid(7301, 3, "50.00", monthsAgo(12, DAY))).status).toBe(200);
    await hooks.work();
    await jobs(new Date());
    expect(await hooks.balances(SHOP, 3)).toMatchObject({ available: 50 });
    expect(await expiryRows(3, "EXPIRY")).toBe(0);

    // Once no purchase paid in time can still arrive, the points expire.
    await jobs(new Date(Date.now() + LATE_PURCHASE_GRACE_MS));
    expect(await hooks.balances(SHOP, 3)).toMatchObject({ available: 0 });
    expect(await expiryRows(3, "EXPIRY")).toBe(1);
  });
});
