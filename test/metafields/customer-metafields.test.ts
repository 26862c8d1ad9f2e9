// Customer metafields and tier tags kept in step with members, on SQLite and PostgreSQL: signed Shopify webhooks
// settle through the queue, the job runner's feed marks the members and its sync writes them to the Admin API
// stand-in, which holds the values as Shopify would. Definitions on install (once, however often), one write per
// member per minute however many events, calls of at most 25 metafields, a new member with no points given their
// tier and code once, retries after a failure, nothing more on redelivery, tier tags switched on and off on the
// Program page, and customers/redact and shop/redact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { metafieldValue, STANDIN_APP_ID } from "../../tools/admin-api-standin/customer-data";
import type { RecordedRequest } from "../../tools/admin-api-standin/scenario-store";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { consoleErrorSpy } from "../support/fail-on-console-error";
import { decodeHtml, openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { offlineAdmin } from "../support/offline-admin";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const SECOND = 1000;
const gid = (customerId: number | string) => `gid://shopify/Customer/${customerId}`;

describe.each(testDatabaseKinds())("customer metafields on %s", (kind) => {
  // The stand-in is one per test process: each database gets shops of its own.
  const SHOP = `metafields-sync-${kind}.myshopify.com`;
  const LATE = `metafields-late-${kind}.myshopify.com`;
  let t: TestDatabase;
  let admin: DemoAdmin;
  let webhookId = 0;
  let order = 90_000;
  // The jobs' clock: never behind the real one, moved on by the tests to pass the minute between writes.
  let clock = 0;
  const at = (advance = 0) => {
    clock = Math.max(clock + advance, Date.now());
    return new Date(clock);
  };
  const jobs: JobDependencies = { deactivateDiscount: async () => undefined, metafieldsAdminFor: (shop) => offlineAdmin(t.db, shop) };

  const send = async (topic: string, payload: unknown, options: { shop?: string; id?: string; uri?: string } = {}) => {
    const response = await admin.app(signedWebhook(options.uri ?? `/webhooks/${topic}`, topic, payload, { shop: options.shop ?? SHOP, webhookId: options.id ?? `mf-${++webhookId}` }));
    expect(response.status).toBe(200);
  };
  const pay = (customer: number, subtotal: string, id = ++order) => send("orders/paid", orderPayload({ id, customer: { id: customer, email: `c${customer}@example.com` }, subtotal }));
  const settle = async (now: Date) => {
    await processDueDeliveries(t.db, () => now);
    return runDueJobs(t.db, now, jobs);
  };
  const member = (customer: number | string) =>
    t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: String(customer) } }, include: { balance: true } });
  /** What Shopify holds on the customer, as the stand-in keeps it. */
  const held = (customer: number | string, shop = SHOP) => {
    const data = adminApi.store.customerData(shop);
    return {
      points: metafieldValue(data, gid(customer), "$app:tally", "points"),
      tier: metafieldValue(data, gid(customer), "$app:tally", "tier"),
      referralCode: metafieldValue(data, gid(customer), "$app:tally", "referral_code"),
    };
  };
  /** What Tally's member says, as the metafields should show it. */
  const expected = async (customer: number) => {
    const row = await member(customer);
    const rules = parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
    return { points: String(row.balance?.available ?? 0), tier: rules.tiers.find((tier) => tier.key === row.tier)?.name, referralCode: row.referralCode ?? undefined };
  };
  const calls = (operation: string, shop = SHOP): RecordedRequest[] => adminApi.store.requests.filter((request) => request.shop === shop && request.operationName === operation);
  const metafieldsOf = (request: RecordedRequest) => request.variables.metafields as { ownerId: string; key: string; value: string }[];
  const writesFor = (customer: number | string) => calls("TallySetCustomerMetafields").filter((request) => metafieldsOf(request).some((input) => input.ownerId === gid(customer)));
  const tagsOf = (customer: number) => [...(adminApi.store.customerData(SHOP).tags.get(gid(customer)) ?? [])].sort();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    admin = await openDemoAdmin(t.url, SHOP);
    await installShop(t, SHOP);
    // The feed looks at the shop once before anything happens, as the app's job does every minute.
    await settle(at());
  });
  afterAll(() => t?.destroy());

  it("creates the three definitions with storefront access on install, once however often the shop installs", async () => {
    const definitions = adminApi.store.customerData(SHOP).definitions;
    expect(definitions.map(({ ownerType, namespace, key, type, access }) => ({ ownerType, namespace, key, type, access }))).toEqual([
      { ownerType: "CUSTOMER", namespace: `app--${STANDIN_APP_ID}--tally`, key: "points", type: "number_integer", access: { storefront: "PUBLIC_READ", customerAccount: "READ" } },
      { ownerType: "CUSTOMER", namespace: `app--${STANDIN_APP_ID}--tally`, key: "tier", type: "single_line_text_field", access: { storefront: "PUBLIC_READ", customerAccount: "READ" } },
      { ownerType: "CUSTOMER", namespace: `app--${STANDIN_APP_ID}--tally`, key: "referral_code", type: "single_line_text_field", access: { storefront: "PUBLIC_READ", customerAccount: "READ" } },
    ]);
    await installShop(t, SHOP);
    expect(adminApi.store.customerData(SHOP).definitions).toHaveLength(3);
    expect(calls("TallyCreateMetafieldDefinition")).toHaveLength(6);
    expect(await t.db.prisma.customerMetafieldShop.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ namespace: `app--${STANDIN_APP_ID}--tally`, lastError: null });
    // The Program page tells theme developers the namespace Shopify spelt out.
    expect(decodeHtml(await (await admin.get("/app/program")).text())).toContain(`customer.metafields['app--${STANDIN_APP_ID}--tally'].points`);
    // The job runner leaves a shop whose definitions exist alone.
    await settle(at());
    expect(calls("TallyCreateMetafieldDefinition")).toHaveLength(6);
  });

  it("creates the definitions from the job runner when the install could not", async () => {
    adminApi.store.shop(LATE).mutation.metafieldDefinitionCreate = () => {
      throw new Error("Internal error. Looks like something went wrong on our end.");
    };
    await installShop(t, LATE);
    expect(await t.db.prisma.shop.findUnique({ where: { domain: LATE } })).not.toBeNull();
    const failed = await t.db.prisma.customerMetafieldShop.findUniqueOrThrow({ where: { shop: LATE } });
    expect(failed).toMatchObject({ definitionsAt: null, attempts: 1 });
    expect(failed.lastError).toContain("Internal error");
    delete adminApi.store.shop(LATE).mutation.metafieldDefinitionCreate;
    // Not before its backoff; then once.
    await settle(at());
    expect(adminApi.store.customerData(LATE).definitions).toHaveLength(0);
    await settle(at(61 * SECOND));
    expect(adminApi.store.customerData(LATE).definitions.map((definition) => definition.key)).toEqual(["points", "tier", "referral_code"]);
    expect((await t.db.prisma.customerMetafieldShop.findUniqueOrThrow({ where: { shop: LATE } })).definitionsAt).not.toBeNull();
  });

  it("holds a paying customer's available points, tier and referral code after orders/paid settles, and follows a tier change", async () => {
    await pay(501, "123.45");
    const run = await settle(at(61 * SECOND));
    expect(run.metafields.written).toBeGreaterThanOrEqual(1);
    const first = await expected(501);
    expect(first.tier).toBe("Member");
    expect(Number(first.points)).toBeGreaterThanOrEqual(123);
    expect(first.referralCode).toMatch(/\S/);
    expect(held(501)).toEqual(first);

    await pay(501, "600.00");
    await settle(at(61 * SECOND));
    const after = await expected(501);
    expect(after.tier).toBe("Silver");
    expect(held(501)).toEqual(after);
    // The member's page says what Shopify holds.
    const page = decodeHtml(await (await admin.get(`/app/members/${(await member(501)).id}`)).text());
    expect(page).toContain(`${after.points} points · Silver · code ${after.referralCode}`);
  });

  it("writes a member once a minute at most, with their values as they are when the write goes", async () => {
    await pay(502, "10.00");
    await settle(at(61 * SECOND));
    expect(writesFor(502)).toHaveLength(1);
    // 49 more events of the member within the minute: no write until the minute is over, then one.
    for (let n = 1; n <= 49; n++) {
      await pay(502, "1.00");
      if (n % 7 === 0) await settle(at(7 * SECOND));
    }
    expect(writesFor(502)).toHaveLength(1);
    await settle(at(15 * SECOND));
    expect(writesFor(502)).toHaveLength(2);
    expect(held(502)).toEqual(await expected(502));
    expect(await t.db.prisma.loyaltyEvent.count({ where: { memberId: (await member(502)).id, type: "points.changed" } })).toBeGreaterThanOrEqual(50);
  });

  it("packs many members into metafieldsSet calls of at most 25 metafields", async () => {
    const customers = Array.from({ length: 30 }, (_, i) => 600 + i);
    for (const customer of customers) await pay(customer, "20.00");
    await settle(at(61 * SECOND));
    const theirs = calls("TallySetCustomerMetafields").filter((request) => metafieldsOf(request).some((input) => customers.some((customer) => input.ownerId === gid(customer))));
    expect(theirs).toHaveLength(Math.ceil(customers.length / 8));
    for (const request of theirs) expect(metafieldsOf(request).length).toBeLessThanOrEqual(25);
    expect(theirs.flatMap(metafieldsOf).filter((input) => customers.some((customer) => input.ownerId === gid(customer)))).toHaveLength(customers.length * 3);
    for (const customer of customers) expect(held(customer)).toEqual(await expected(customer));
  });

  it("gives Shopify a new member's tier and referral code before they have any points, once", async () => {
    // An account not yet enabled earns no sign-up bonus: no transfer, so no feed event marks the member; the
    // members' source does.
    await send("customers/create", customerPayload({ id: 740, state: "disabled" }));
    await settle(at(61 * SECOND));
    expect((await member(740)).balance).toBeNull();
    expect(held(740)).toEqual(await expected(740));
    expect(held(740)).toMatchObject({ points: "0", tier: "Member" });
    expect(writesFor(740)).toHaveLength(1);
    const sync = () => t.db.prisma.customerMetafieldSync.findUniqueOrThrow({ where: { memberId: id } });
    const { id } = await member(740);
    const { marks } = await sync();
    // customers/update touches the member again; Shopify already holds their values: not even marked.
    await send("customers/update", customerPayload({ id: 740, state: "disabled", first_name: "Robin" }));
    await settle(at(61 * SECOND));
    await settle(at(61 * SECOND));
    expect(await sync()).toMatchObject({ dirty: false, marks });
    expect(writesFor(740)).toHaveLength(1);
  });

  it("keeps a member whose write failed and tries again after a backoff until Shopify holds their values", async () => {
    adminApi.store.shop(SHOP).mutation.metafieldsSet = () => {
      throw new Error("Internal error. Looks like something went wrong on our end.");
    };
    await pay(700, "42.00");
    // The failure is logged, naming the job, the shop and the member, never the customer.
    const reported: string[] = [];
    const usual = consoleErrorSpy.getMockImplementation();
    consoleErrorSpy.mockImplementation((...args: unknown[]) => void reported.push(args.map(String).join(" ")));
    let failed: Awaited<ReturnType<typeof settle>>;
    try {
      failed = await settle(at(61 * SECOND));
    } finally {
      consoleErrorSpy.mockImplementation(usual ?? (() => undefined));
    }
    const memberId = (await member(700)).id;
    expect(reported.join("\n")).toContain(`customer metafields failed for ${SHOP} (member ${memberId})`);
    expect(reported.join("\n")).not.toContain("c700@example.com");
    expect(failed.metafields.failed).toBeGreaterThanOrEqual(1);
    expect(held(700).points).toBeUndefined();
    const row = await t.db.prisma.customerMetafieldSync.findUniqueOrThrow({ where: { memberId: (await member(700)).id } });
    expect(row).toMatchObject({ dirty: true, attempts: 1 });
    expect(row.lastError).toContain("Internal error");

    delete adminApi.store.shop(SHOP).mutation.metafieldsSet;
    const tries = writesFor(700).length;
    await settle(at(30 * SECOND));
    expect(writesFor(700)).toHaveLength(tries);
    await settle(at(31 * SECOND));
    expect(held(700)).toEqual(await expected(700));
    expect(await t.db.prisma.customerMetafieldSync.findUniqueOrThrow({ where: { memberId: (await member(700)).id } })).toMatchObject({ dirty: false, attempts: 0, lastError: null });
  });

  it("writes nothing more when Shopify delivers the same order again", async () => {
    await send("orders/paid", orderPayload({ id: 71_000, customer: { id: 710, email: "c710@example.com" }, subtotal: "55.00" }), { id: "mf-dup" });
    await settle(at(61 * SECOND));
    expect(writesFor(710)).toHaveLength(1);
    await send("orders/paid", orderPayload({ id: 71_000, customer: { id: 710, email: "c710@example.com" }, subtotal: "55.00" }), { id: "mf-dup" });
    await send("orders/paid", orderPayload({ id: 71_000, customer: { id: 710, email: "c710@example.com" }, subtotal: "55.00" }), { id: "mf-dup-again" });
    await settle(at(61 * SECOND));
    await settle(at(61 * SECOND));
    expect(writesFor(710)).toHaveLength(1);
    expect(held(710)).toEqual(await expected(710));
  });

  it("puts exactly one tier tag on each member while the Program page's switch is on, and leaves tags alone when off", async () => {
    await pay(720, "30.00");
    await settle(at(61 * SECOND));
    expect(tagsOf(720)).toEqual([]);
    expect(calls("TallyAddCustomerTags")).toHaveLength(0);

    const refused = await admin.post("/app/program", { "customerData.tierTags": "maybe" });
    expect(refused.status).toBe(422);
    expect(decodeHtml(await refused.text())).toContain("Choose on or off.");
    expect(parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules).customerData.tierTags).toBeUndefined();

    expect((await admin.post("/app/program", { "customerData.tierTags": "true" })).status).toBe(200);
    const [audit] = await listAuditEvents(t.db.read, SHOP, { limit: 1 });
    expect(JSON.stringify(audit?.details)).toContain('"path":"customerData.tierTags","from":null,"to":true');

    // Switching on tags every member; 501 is Silver.
    await settle(at(61 * SECOND));
    expect(tagsOf(720)).toEqual(["tally-tier-member"]);
    expect(tagsOf(501)).toEqual(["tally-tier-silver"]);
    await pay(720, "600.00");
    await settle(at(61 * SECOND));
    expect(tagsOf(720)).toEqual(["tally-tier-silver"]);

    expect((await admin.post("/app/program", { "customerData.tierTags": "false" })).status).toBe(200);
    const tagCalls = calls("TallyAddCustomerTags").length + calls("TallyRemoveCustomerTags").length;
    await pay(720, "1500.00");
    await settle(at(61 * SECOND));
    expect(held(720).tier).toBe("Gold");
    expect(tagsOf(720)).toEqual(["tally-tier-silver"]);
    expect(calls("TallyAddCustomerTags").length + calls("TallyRemoveCustomerTags").length).toBe(tagCalls);
  });

  it("writes nothing for a redacted customer and keeps no row about them", async () => {
    await pay(730, "25.00");
    await settle(at(61 * SECOND));
    expect(writesFor(730)).toHaveLength(1);
    const { id } = await member(730);
    // Their next points are waiting for the minute when Shopify asks Tally to erase them.
    await pay(730, "25.00");
    await settle(at(5 * SECOND));
    expect(await t.db.prisma.customerMetafieldSync.findUniqueOrThrow({ where: { memberId: id } })).toMatchObject({ dirty: true });
    await send("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 730, email: "c730@example.com" }, orders_to_redact: [] }, { uri: "/webhooks/compliance" });
    await settle(at(61 * SECOND));
    await settle(at(61 * SECOND));
    expect(await t.db.prisma.customerMetafieldSync.count({ where: { memberId: id } })).toBe(0);
    expect(writesFor(730)).toHaveLength(1);
    expect(calls("TallySetCustomerMetafields").flatMap(metafieldsOf).some((input) => input.ownerId.includes("redacted"))).toBe(false);
  });

  it("deletes the shop's rows on shop/redact", async () => {
    expect(await t.db.prisma.customerMetafieldSync.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    await send("shop/redact", { shop_id: 1, shop_domain: SHOP }, { uri: "/webhooks/compliance" });
    await processDueDeliveries(t.db, () => at());
    expect(await t.db.prisma.customerMetafieldSync.count({ where: { shop: SHOP } })).toBe(0);
    expect(await t.db.prisma.customerMetafieldShop.count({ where: { shop: SHOP } })).toBe(0);
  });
});
