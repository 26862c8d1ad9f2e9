// The sign-up bonus on both kinds of Shopify customer accounts, from webhooks shaped as Shopify sends them
// (docs/decisions/029-signup-bonus-on-new-customer-accounts.md). Classic accounts: the customer registers (created
// "enabled") or accepts an invitation ("invited", then "enabled"). New customer accounts: a customer exists as
// "disabled" (a guest order, a newsletter form, the first sign-in itself) until their first sign-in, which turns
// them "enabled" and sends customers/update. Each is paid once, whatever the order and number of deliveries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "accounts.myshopify.com";

/** A customer as customers/create and customers/update carry them, with the consent fields Shopify adds. */
function customer(id: number, state: "disabled" | "invited" | "enabled", marketing: "not_subscribed" | "subscribed" = "not_subscribed") {
  return {
    ...customerPayload({ id, state }),
    email_marketing_consent: { state: marketing, opt_in_level: "single_opt_in", consent_updated_at: marketing === "subscribed" ? "2026-11-20T10:00:00-05:00" : null },
    sms_marketing_consent: null,
    tax_exemptions: [],
    addresses: [],
  };
}

describe.each(testDatabaseKinds())("the sign-up bonus on both kinds of customer accounts on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  const bonuses = (customerId: number) =>
    t.db.prisma.transfer.findMany({ where: { code: "SIGNUP_BONUS", member: { shop: SHOP, customerId: String(customerId) } } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
    await h.useProgram(SHOP, (rules) => {
      rules.signupBonus = 250;
    });
  });
  afterAll(() => t.destroy());

  it("new customer accounts: pays when the first sign-in turns the customer enabled, once, in either order of delivery", async () => {
    // Created by the sign-in as "disabled", then enabled by it; Shopify delivers both, the update first here, and again.
    await h.send(SHOP, "customers/update", customer(301, "enabled"));
    await h.send(SHOP, "customers/create", customer(301, "disabled"));
    await h.send(SHOP, "customers/update", customer(301, "enabled"));
    await h.work();
    expect(await bonuses(301)).toEqual([expect.objectContaining({ points: 250, status: "posted" })]);
    expect(await h.balances(SHOP, 301)).toMatchObject({ available: 250 });
  });

  it("new customer accounts: a guest buyer and a newsletter subscriber earn nothing until they sign in", async () => {
    expect((await h.send(SHOP, "orders/paid", orderPayload({ id: 3021, customer: { id: 302, state: "disabled" }, subtotal: "40.00" }))).status).toBe(200);
    await h.send(SHOP, "customers/create", customer(303, "disabled"));
    await h.send(SHOP, "customers/update", customer(303, "disabled", "subscribed"));
    await h.work();
    expect(await bonuses(302)).toEqual([]);
    expect(await bonuses(303)).toEqual([]);
    expect(await h.balances(SHOP, 302)).toMatchObject({ available: 40 });

    await h.send(SHOP, "customers/update", customer(302, "enabled"));
    await h.work();
    expect(await bonuses(302)).toHaveLength(1);
    expect(await h.balances(SHOP, 302)).toMatchObject({ available: 290 });
  });

  it("new customer accounts: a shopper who opens their account page before the webhook arrives is paid when it does", async () => {
    const summary = async () => (await h.app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId: "304" })))).json();
    expect(await summary()).toMatchObject({ signedIn: true, balance: { available: 0 } });
    await h.send(SHOP, "customers/update", customer(304, "enabled"));
    await h.work();
    expect(await summary()).toMatchObject({ balance: { available: 250 } });
    expect(await bonuses(304)).toHaveLength(1);
  });

  it("classic accounts: pays on registration and on an accepted invitation, once each", async () => {
    await h.send(SHOP, "customers/create", customer(305, "enabled"));
    await h.send(SHOP, "customers/create", customer(305, "enabled"));
    await h.send(SHOP, "customers/create", customer(306, "invited"));
    await h.work();
    expect(await bonuses(305)).toHaveLength(1);
    expect(await bonuses(306)).toEqual([]);
    await h.send(SHOP, "customers/update", customer(306, "enabled"));
    await h.send(SHOP, "customers/update", customer(306, "enabled", "subscribed"));
    await h.work();
    expect(await bonuses(306)).toHaveLength(1);
  });
});
