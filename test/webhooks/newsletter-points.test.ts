// Points for a newsletter sign-up, from customers/create and customers/update signed as Shopify signs them, with
// the email_marketing_consent Shopify sends (state, opt_in_level, consent_updated_at): paid once per member ever
// when the consent is "subscribed", whatever the order and number of deliveries, and not again after an
// unsubscribe and a new subscription (docs/decisions/044-actions-that-earn.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "newsletter.myshopify.com";
type Consent = "not_subscribed" | "pending" | "subscribed" | "unsubscribed";

function customer(id: number, consent: Consent | null, updatedAt = "2026-11-20T10:00:00-05:00") {
  return {
    ...customerPayload({ id, state: "enabled" }),
    email_marketing_consent: consent === null ? null : { state: consent, opt_in_level: "confirmed_opt_in", consent_updated_at: consent === "not_subscribed" ? null : updatedAt },
    sms_marketing_consent: null,
  };
}

describe.each(testDatabaseKinds())("newsletter sign-up points on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  const newsletterTransfers = (customerId: number) =>
    t.db.prisma.transfer.findMany({ where: { code: "NEWSLETTER_SIGNUP", member: { shop: SHOP, customerId: String(customerId) } } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
    await h.useProgram(SHOP, (rules) => {
      rules.signupBonus = 0;
      rules.actions.newsletter = { enabled: true, points: 75 };
    });
  });
  afterAll(() => t.destroy());

  it("pays when customers/update turns the consent to subscribed, once however often it is delivered", async () => {
    await h.send(SHOP, "customers/create", customer(401, "not_subscribed"));
    await h.work();
    expect(await newsletterTransfers(401)).toEqual([]);
    const update = customer(401, "subscribed");
    for (let i = 0; i < 3; i++) expect((await h.send(SHOP, "customers/update", update)).status).toBe(200);
    await h.work();
    await h.send(SHOP, "customers/update", update);
    await h.work();
    expect(await newsletterTransfers(401)).toEqual([expect.objectContaining({ points: 75, status: "posted", idempotencyKey: expect.stringMatching(/^member:.+:newsletter$/) })]);
    expect(await h.balances(SHOP, 401)).toMatchObject({ available: 75, lifetimeEarned: 75 });
  });

  it("pays a customer created already subscribed, and nothing for pending, unsubscribed or no consent", async () => {
    await h.send(SHOP, "customers/create", customer(402, "subscribed"));
    await h.send(SHOP, "customers/create", customer(403, "pending"));
    await h.send(SHOP, "customers/create", customer(404, "unsubscribed"));
    await h.send(SHOP, "customers/create", customer(405, null));
    await h.work();
    expect(await newsletterTransfers(402)).toHaveLength(1);
    for (const id of [403, 404, 405]) expect(await newsletterTransfers(id)).toEqual([]);
    // Double opt-in: the confirmation turns "pending" into "subscribed", and that pays.
    await h.send(SHOP, "customers/update", customer(403, "subscribed", "2026-11-21T09:00:00Z"));
    await h.work();
    expect(await newsletterTransfers(403)).toHaveLength(1);
  });

  it("does not pay again after unsubscribing and subscribing again", async () => {
    await h.send(SHOP, "customers/update", customer(406, "subscribed", "2026-11-01T10:00:00Z"));
    await h.work();
    await h.send(SHOP, "customers/update", customer(406, "unsubscribed", "2026-11-02T10:00:00Z"));
    await h.work();
    await h.send(SHOP, "customers/update", customer(406, "subscribed", "2026-11-03T10:00:00Z"));
    await h.work();
    expect(await newsletterTransfers(406)).toHaveLength(1);
    expect(await h.balances(SHOP, 406)).toMatchObject({ available: 75 });
  });

  it("pays once when the deliveries arrive out of order", async () => {
    // Shopify sent subscribe, unsubscribe, subscribe; they arrive newest first, then the first one last.
    await h.send(SHOP, "customers/update", customer(407, "subscribed", "2026-11-03T10:00:00Z"));
    await h.send(SHOP, "customers/update", customer(407, "unsubscribed", "2026-11-02T10:00:00Z"));
    await h.send(SHOP, "customers/create", customer(407, "not_subscribed"));
    await h.send(SHOP, "customers/update", customer(407, "subscribed", "2026-11-01T10:00:00Z"));
    await h.work();
    expect(await newsletterTransfers(407)).toHaveLength(1);
  });

  it("pays nothing while the rule is off, and once it is on pays at the next subscribed delivery", async () => {
    await h.useProgram(SHOP, (rules) => {
      rules.signupBonus = 0;
      rules.actions.newsletter = { enabled: false, points: 75 };
    });
    await h.send(SHOP, "customers/update", customer(408, "subscribed"));
    await h.work();
    expect(await newsletterTransfers(408)).toEqual([]);
    await h.useProgram(SHOP, (rules) => {
      rules.signupBonus = 0;
      rules.actions.newsletter = { enabled: true, points: 30 };
    });
    await h.send(SHOP, "customers/update", customer(408, "subscribed"));
    await h.work();
    expect(await newsletterTransfers(408)).toEqual([expect.objectContaining({ points: 30 })]);
  });
});
