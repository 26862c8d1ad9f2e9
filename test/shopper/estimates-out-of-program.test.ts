// No points are promised to a shopper who would earn none (docs/decisions/051-a-paused-program-loses-nothing.md):
// POST /api/shopper/estimate answers 0 with the reason in the shopper's language for a member excluded by a tag or by
// staff, and for everyone while the program is paused; the summaries the checkout and thank-you extensions estimate
// from give them nothing to estimate with; the order-status block offers no reward to spend. Through the built app
// with signed session tokens and signed customer webhooks, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMemberExclusion } from "~/loyalty/exclusion/member-exclusion.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { parseEarning } from "../../extensions/shared/shopper-responses";
import { customerPayload } from "../fixtures/shopify-payloads";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "estimates-out.myshopify.com";
const STAFF = { id: "staff-1", name: "Test staff" };

describe.each(testDatabaseKinds())("estimates for shoppers out of the program on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  const token = (customer?: number) => sessionToken({ shop: SHOP, ...(customer ? { customerId: String(customer) } : {}) });
  const estimate = async (customer: number | undefined, locale = "en") => {
    const response = await h.app(extensionRequest(`/api/shopper/estimate?locale=${locale}`, token(customer), { body: { subtotal: { amount: "123.45", currencyCode: "USD" } } }));
    expect(response.status).toBe(200);
    return response.json();
  };
  const summary = async (customer?: number) => (await h.app(extensionRequest("/api/shopper/summary", token(customer)))).json();
  const affordable = async (customer: number) =>
    ((await (await h.app(extensionRequest("/api/shopper/order-status?orderId=4242", token(customer)))).json()) as { affordable: unknown[] }).affordable;
  const memberId = async (customer: number) => (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customer) } } })).id;
  const rules = async () => parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
  const give = async (customer: number, points: number) => {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: await memberId(customer), code: "ADJUSTMENT", points, status: "posted", idempotencyKey: `goodwill:${customer}`, memo: "Goodwill" });
    if (!outcome.ok) throw new Error(outcome.message);
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
    const running = await rules();
    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(), rules: { ...running, exclusions: { ...running.exclusions, customerTags: ["staff"] } } });
    // 71 is in; 72 carries the excluded tag; 73 is excluded by staff.
    for (const [id, tags] of [[71, ""], [72, "Staff, vip"], [73, ""]] as const) {
      expect((await h.send(SHOP, "customers/create", { ...customerPayload({ id }), tags, updated_at: new Date().toISOString() })).status).toBe(200);
    }
    await h.work();
    await setMemberExclusion(t.db, { shop: SHOP, memberId: await memberId(73), staff: STAFF, reason: "Wholesale account", now: new Date(), excluded: true });
    for (const customer of [71, 72, 73]) await give(customer, 5000);
  });
  afterAll(() => t?.destroy());

  it("estimates a member in the program at their tier, and none for a member excluded by tag or by staff, saying why", async () => {
    expect(await estimate(71)).toEqual({ points: 123, standing: "in", standingText: null });
    expect(await estimate(72)).toEqual({ points: 0, standing: "excluded", standingText: expect.stringContaining("Your points are kept") });
    expect(await estimate(73, "fr")).toEqual({ points: 0, standing: "excluded", standingText: expect.stringContaining("Vos points sont conservés") });
    // The checkout and thank-you extensions estimate from the summary: an excluded member's gives them nothing to.
    expect(parseEarning(await summary(71))).not.toBeNull();
    expect(parseEarning(await summary(72))).toBeNull();
    expect(parseEarning(await summary(73))).toBeNull();
    // The order-status block lists rewards the shopper could spend on: none while out.
    expect((await affordable(71)).length).toBeGreaterThan(0);
    expect(await affordable(72)).toEqual([]);
    expect(await affordable(73)).toEqual([]);
  });

  it("estimates none for anyone while the program is paused, and again as before once it resumes", async () => {
    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(Date.now() - 60_000), rules: { ...(await rules()), paused: true } });
    expect(await estimate(71, "de")).toEqual({ points: 0, standing: "paused", standingText: expect.stringContaining("pausiert") });
    expect(await estimate(undefined, "es")).toEqual({ points: 0, standing: "paused", standingText: expect.stringContaining("en pausa") });
    // A guest's thank-you offer ("an account would collect …") and a member's checkout line come from these.
    const guest = await summary();
    expect(guest).toMatchObject({ signedIn: false, program: { paused: true } });
    expect(parseEarning(guest)).toBeNull();
    expect(parseEarning(await summary(71))).toBeNull();
    expect(await affordable(71)).toEqual([]);

    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(), rules: { ...(await rules()), paused: undefined } });
    expect(await estimate(71)).toEqual({ points: 123, standing: "in", standingText: null });
    expect(await estimate(undefined)).toEqual({ points: 123, standing: "in", standingText: null });
    expect(await summary()).toMatchObject({ program: { paused: false } });
    expect(await estimate(72)).toMatchObject({ points: 0, standing: "excluded" });
  });
});
