// customers/data_request through the signed webhook, downloaded from the admin as the merchant does: the export
// holds everything Tally keeps about the customer (docs/privacy.md) — profile, address key, referral code,
// balances and transfers, orders with their refunds, referrals both ways, reward codes, tier rewards, staff actions, import rows
// and deliveries about them still waiting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { queueTierGrant } from "~/loyalty/tiers/tier-grant-store.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload, orderPayload, refundPayload, type CustomerFixture } from "../fixtures/shopify-payloads";
import { openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "privacy-export.myshopify.com";
const ADDRESS = { address1: "3 Orchard Lane", zip: "OX1 2JD", country_code: "GB" };
const CUSTOMER: CustomerFixture = { id: 6101, email: "Iris.Vale@example.com", first_name: "Iris", last_name: "Vale", state: "enabled", default_address: ADDRESS };
const ADVOCATE: CustomerFixture = { id: 6102, email: "adele@example.com", first_name: "Adele", state: "enabled" };
const FRIEND: CustomerFixture = { id: 6103, email: "felix@example.com", first_name: "Felix", state: "enabled" };

describe.each(testDatabaseKinds())("customers/data_request on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  let memberId = "";
  let code = "";

  const webhook = (topic: string, payload: unknown) => admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP }));
  const work = () => processDueDeliveries(t.db, () => new Date());

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Export shop", currencyCode: "USD" });
    admin = await openDemoAdmin(t.url, SHOP);
    for (const customer of [ADVOCATE, CUSTOMER, FRIEND]) expect((await webhook("customers/create", customerPayload(customer))).status).toBe(200);
    await work();
    const member = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "6101" } } });
    memberId = member.id;
    code = member.referralCode ?? "";
    const advocateCode = (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "6102" } } })).referralCode ?? "";

    await webhook("orders/paid", orderPayload({ id: 7101, customer: CUSTOMER, subtotal: "60.00", shipping: ADDRESS, discountCodes: [advocateCode] }));
    await webhook("orders/paid", orderPayload({ id: 7102, customer: FRIEND, subtotal: "30.00", discountCodes: [code] }));
    await webhook("refunds/create", refundPayload({ id: 7201, orderId: 7101, lines: [{ subtotal: "10.00" }] }));
    await work();

    // A reward code they bought, a staff member's adjustment, an import not yet run, and an update still queued.
    const hold = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId, points: 100, idempotencyKey: `redeem:${memberId}:r1`, memo: "Reward r1" });
    if (!hold.ok) throw new Error(hold.message);
    const now = new Date();
    await t.db.prisma.redemption.create({
      data: { id: "redemption-r1", shop: SHOP, memberId, code: "TALLY-R1XY", points: 100, reservationId: hold.transfer.id, status: "issued", reward: JSON.stringify({ id: "r1", kind: "amount_off", title: "$1 off" }), expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now, updatedAt: now },
    });
    // A tier's entry reward queued for them, as the feed's consumer queues it.
    await queueTierGrant(t.db.sql, { id: "grant-gold", shop: SHOP, memberId, tierKey: "gold", reward: JSON.stringify({ id: "g1", kind: "store_credit", points: 0, amountMinor: 500 }), code: "TIER-G1XY", now });
    const page = await admin.get(`/app/members/${memberId}`);
    const formKey = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(await page.text())?.[1] ?? "";
    expect((await admin.post(`/app/members/${memberId}`, { points: "25", reason: "Late parcel", idempotencyKey: formKey })).status).toBe(200);
    const form = new FormData();
    form.set("file", new File([`customer_id,email,points\n6101,iris.vale@example.com,70\n`], "balances.csv", { type: "text/csv" }));
    expect((await admin.post("/app/import-export", form)).status).toBe(302);
    await webhook("customers/update", customerPayload({ ...CUSTOMER, last_name: "Vale-Hart" }));
  }, 120_000);
  afterAll(() => t?.destroy());

  it("exports everything Tally holds about the customer, downloaded from the admin", async () => {
    const response = await admin.app(
      signedWebhook("/webhooks/compliance", "customers/data_request", { shop_id: 1, shop_domain: SHOP, orders_requested: [7101], customer: { id: 6101, email: CUSTOMER.email }, data_request: { id: 55 } }, { shop: SHOP }),
    );
    expect(response.status).toBe(200);
    const stored = await t.db.prisma.dataRequest.findFirstOrThrow({ where: { shop: SHOP, customerId: "6101" } });
    const download = await admin.get(`/app/data-requests/${stored.id}`);
    expect(download.status).toBe(200);
    const data = (await download.json()) as Record<string, unknown>;

    expect(data).toMatchObject({
      customerId: "6101",
      member: {
        email: "Iris.Vale@example.com",
        firstName: "Iris",
        lastName: "Vale",
        accountState: "enabled",
        referralCode: code,
        addressKey: "3orchardlane||ox12jd|gb",
        signupBonusAt: expect.any(String),
        balances: { posted: 100 + 60 - 10 + 500 + 25, reserved: 100 },
        transfers: expect.arrayContaining([expect.objectContaining({ code: "ADJUSTMENT", points: 25, memo: "Late parcel" })]),
      },
      orders: [
        {
          orderId: "7101",
          eligibleSpendMinor: 6000,
          refundedMinor: 1000,
          earnedPoints: 60,
          emailKey: "iris.vale@example.com",
          shippingAddressKey: "3orchardlane||ox12jd|gb",
          discountCodes: [expect.stringMatching(/^ADELE-/)],
          refunds: [{ refundId: "7201", eligibleMinor: 1000, refundedAt: expect.any(String) }],
        },
      ],
      referralsMade: [{ orderId: "7102", code, status: "rewarded" }],
      referralsReceived: [{ orderId: "7101", code: expect.stringMatching(/^ADELE-/), status: "rewarded" }],
      rewardCodes: [{ code: "TALLY-R1XY", points: 100, status: "issued", reward: { id: "r1", title: "$1 off" } }],
      tierRewards: [{ tier: "gold", code: "TIER-G1XY", status: "queued", reward: { kind: "store_credit", amountMinor: 500 }, expiresAt: null }],
      staffActions: [{ action: "member.adjusted", by: "Demo staff", details: expect.objectContaining({ points: 25, reason: "Late parcel" }) }],
      importRows: [{ fileName: "balances.csv", status: "checked", row: expect.objectContaining({ customerId: "6101", memberId, points: 70 }) }],
      waitingDeliveries: [{ topic: "customers/update", status: "queued", payload: expect.objectContaining({ id: "6101", last_name: "Vale-Hart" }) }],
    });
  });
});
