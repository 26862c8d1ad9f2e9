// customers/redact through the signed webhook, after the customer's data reached Tally the ways it does in a real
// shop — customers/create, orders/paid with addresses, a refund, a referral each way, an import, a data request,
// and a delivery still waiting in the queue. Afterwards no table holds their email, name, address, Shopify id or
// the referral code made from their name; the member keeps an anonymous ledger; late events bring nothing back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload, orderPayload, refundPayload, type CustomerFixture } from "../fixtures/shopify-payloads";
import { openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { databaseTables, findPersonalData, SEARCHED_TABLES, TABLES_WITHOUT_CUSTOMER_DATA } from "../support/personal-data-search";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { runTsx } from "../support/tsx-processes";

const SHOP = "privacy-redaction.myshopify.com";
const ADDRESS = { address1: "17 Lantern Quay", address2: "Flat 4", city: "Bramblecombe", zip: "BX7 4QT", country_code: "GB" };
const ERASED: CustomerFixture = { id: 7312004455661, email: "Zephyra.Quellwood+shop@gmail.com", first_name: "Zephyra", last_name: "Quellwood", state: "enabled", default_address: ADDRESS };
const ADVOCATE: CustomerFixture = { id: 5001, email: "ann.brightwater@example.com", first_name: "Ann", last_name: "Brightwater", state: "enabled" };
const FRIEND: CustomerFixture = { id: 5002, email: "friend@example.com", first_name: "Fred", last_name: "Friend", state: "enabled" };
/** What names the erased customer, as received and as Tally normalizes it (email key, address key). */
const NEEDLES = ["7312004455661", "zephyra", "quellwood", "zephyraquellwood@gmail.com", "lantern", "bramblecombe", "bx7 4qt", "bx74qt"];

describe.each(testDatabaseKinds())("customers/redact on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  let oldCode = "";
  let erasedMemberId = "";
  let before: { balances: unknown; transfers: unknown };

  const webhook = (topic: string, payload: unknown) => admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP }));
  const compliance = (topic: string, payload: unknown) => admin.app(signedWebhook("/webhooks/compliance", topic, payload, { shop: SHOP }));
  const work = () => processDueDeliveries(t.db, () => new Date());
  const ledgerState = async () => ({
    balances: await t.db.prisma.balance.findMany({ where: { shop: SHOP }, orderBy: { memberId: "asc" }, omit: { updatedAt: true } }),
    // Notes are compared apart: staff-written ones are the one thing a redaction changes in the ledger.
    transfers: await t.db.prisma.transfer.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, omit: { memo: true } }),
  });

  async function importFile(name: string, csv: string): Promise<string> {
    const form = new FormData();
    form.set("file", new File([csv], name, { type: "text/csv" }));
    const response = await admin.post("/app/import-export", form);
    expect(response.status, await response.clone().text()).toBe(302);
    return /run=([0-9a-f-]{36})/.exec(response.headers.get("location") ?? "")?.[1] ?? "";
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Privacy shop", currencyCode: "USD" });
    admin = await openDemoAdmin(t.url, SHOP);

    for (const customer of [ADVOCATE, ERASED, FRIEND]) expect((await webhook("customers/create", customerPayload(customer))).status).toBe(200);
    await work();
    const advocateCode = (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "5001" } } })).referralCode ?? "";
    const erased = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(ERASED.id) } } });
    erasedMemberId = erased.id;
    oldCode = erased.referralCode ?? "";
    expect(oldCode).toMatch(/^ZEPHYRA-/);

    // Their order carries the advocate's code; a friend's order carries theirs; a refund of part of theirs.
    expect((await webhook("orders/paid", orderPayload({ id: 9101, customer: ERASED, subtotal: "80.00", shipping: ADDRESS, discountCodes: [advocateCode] }))).status).toBe(200);
    expect((await webhook("orders/paid", orderPayload({ id: 9102, customer: FRIEND, subtotal: "50.00", discountCodes: [oldCode.toLowerCase()] }))).status).toBe(200);
    expect((await webhook("refunds/create", refundPayload({ id: 9201, orderId: 9101, lines: [{ subtotal: "20.00" }] }))).status).toBe(200);
    await work();
    expect(await t.db.prisma.referral.count({ where: { shop: SHOP } })).toBe(2);

    // One import ran (it named them), one was only checked and still holds its rows.
    const csv = `customer_id,email,first_name,last_name,points,note\n${ERASED.id},${ERASED.email},Zephyra,Quellwood,40,Zephyra's points from the old program\n`;
    const ran = await importFile("old-program.csv", csv);
    expect((await admin.post("/app/import-export", new URLSearchParams({ intent: "import", runId: ran }))).status).toBe(302);
    for (let i = 0; i < 200 && (await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: ran } })).status === "running"; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: ran } })).status).toBe("done");
    await importFile("old-program-again.csv", csv.replace(",40,", ",60,"));

    // A staff member names them in an adjustment's reason.
    const page = await admin.get(`/app/members/${erasedMemberId}`);
    const formKey = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(await page.text())?.[1] ?? "";
    expect((await admin.post(`/app/members/${erasedMemberId}`, { points: "15", reason: "Sorry Zephyra, the parcel was late", idempotencyKey: formKey })).status).toBe(200);

    // Their customer metafields were written to Shopify: the sync keeps the referral code it gave it. The job
    // reaches a shop through its offline session, as an install leaves it.
    await storeOfflineSession(t.db, SHOP);
    await runDueJobs(t.db, new Date(), { deactivateDiscount: async () => undefined, metafieldsAdminFor: (shop) => offlineAdmin(t.db, shop) });
    expect(await t.db.prisma.customerMetafieldSync.findUnique({ where: { memberId: erasedMemberId } })).toMatchObject({ referralCode: oldCode });

    expect((await compliance("customers/data_request", { shop_id: 1, shop_domain: SHOP, orders_requested: [9101], customer: { id: ERASED.id, email: ERASED.email }, data_request: { id: 77 } })).status).toBe(200);
    // A payment of theirs Shopify delivered just before the redaction, not yet worked.
    expect((await webhook("orders/paid", orderPayload({ id: 9103, customer: ERASED, subtotal: "30.00", shipping: ADDRESS }))).status).toBe(200);

    expect((await findPersonalData(t, NEEDLES)).length).toBeGreaterThan(0);
    before = await ledgerState();
    const response = await compliance("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: ERASED.id, email: ERASED.email, phone: null }, orders_to_redact: [9101] });
    expect(response.status).toBe(200);
  }, 120_000);
  afterAll(() => t?.destroy());

  it("searches every table the database has, or says why a table holds nothing about customers", async () => {
    expect(await databaseTables(t)).toEqual([...SEARCHED_TABLES, ...Object.keys(TABLES_WITHOUT_CUSTOMER_DATA)].sort());
  });

  it("leaves no email, name, address, Shopify id or name-based referral code of the customer in any table", async () => {
    expect(await findPersonalData(t, [...NEEDLES, oldCode])).toEqual([]);
  });

  it("keeps the member's anonymous ledger: same transfers, same balances, ledger:check clean", async () => {
    expect(await ledgerState()).toEqual(before);
    const member = await t.db.prisma.member.findUniqueOrThrow({ where: { id: erasedMemberId }, include: { balance: true } });
    expect(member).toMatchObject({ email: null, firstName: null, lastName: null, addressKey: null });
    expect(member.customerId).toMatch(/^redacted:[0-9a-f]{32}$/);
    // 100 sign-up + 80 purchase − 20 refunded + 40 imported + 15 from staff + 500 for referring Fred.
    expect(member.balance?.posted).toBe(715);
    const notes = await t.db.prisma.transfer.findMany({ where: { memberId: erasedMemberId, code: { in: ["ADJUSTMENT", "IMPORT"] } }, select: { code: true, memo: true } });
    expect(notes.map((note) => note.memo)).toEqual(["Note removed with the customer's personal data", "Note removed with the customer's personal data"]);
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { shop: SHOP, action: "member.adjusted", subjectId: erasedMemberId } });
    expect(JSON.parse(audit.details)).toMatchObject({ points: 15, reason: "Note removed with the customer's personal data" });
    const check = await runTsx("scripts/ledger-check.ts", ["--shop", SHOP], { DATABASE_URL: t.url });
    expect(check.stdout).toContain("0 drifted");
    expect(check.code).toBe(0);
  }, 60_000);

  it("gives the member a neutral referral code, also where their old one was recorded", async () => {
    const member = await t.db.prisma.member.findUniqueOrThrow({ where: { id: erasedMemberId } });
    expect(member.referralCode).toMatch(/^FRIEND-[2-9A-Z]{4}$/);
    expect(await t.db.prisma.referral.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: "9102" } } })).toMatchObject({ code: member.referralCode, advocateMemberId: erasedMemberId });
    const friendOrder = await t.db.prisma.loyaltyOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: "9102" } } });
    expect(JSON.parse(friendOrder.discountCodes)).toEqual([member.referralCode]);
  });

  it("keeps the import that was not run, without saying who its row was", async () => {
    const checked = await t.db.prisma.importRun.findFirstOrThrow({ where: { shop: SHOP, status: "checked" } });
    expect(JSON.parse(checked.rows)).toEqual([expect.objectContaining({ memberId: erasedMemberId, email: null, firstName: null, lastName: null, note: null, points: 60 })]);
  });

  it("stores nothing personal from late customers/update, customers/create or orders/paid for the erased customer", async () => {
    const members = await t.db.prisma.member.count({ where: { shop: SHOP } });
    expect((await webhook("customers/update", customerPayload(ERASED))).status).toBe(200);
    expect((await webhook("customers/create", customerPayload(ERASED))).status).toBe(200);
    expect((await webhook("orders/paid", orderPayload({ id: 9104, customer: ERASED, subtotal: "25.00", shipping: ADDRESS }))).status).toBe(200);
    await work();
    expect(await t.db.prisma.webhookDelivery.count({ where: { shop: SHOP, status: { not: "done" } } })).toBe(0);
    expect(await findPersonalData(t, [...NEEDLES, oldCode])).toEqual([]);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP } })).toBe(members);
    // Late orders — the one waiting at the redaction and the one after — are anonymous guest orders: they count
    // in the shop's revenue and earn no one anything.
    for (const orderId of ["9103", "9104"]) {
      expect(await t.db.prisma.loyaltyOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId } } })).toMatchObject({
        customerId: null,
        memberId: null,
        emailKey: null,
        shippingAddressKey: null,
      });
      expect(await t.db.prisma.transfer.count({ where: { shop: SHOP, orderId } })).toBe(0);
    }
    expect(await ledgerState()).toEqual(before);
  });
});
