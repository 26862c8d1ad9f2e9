// Shopify Flow triggers end to end, on SQLite and PostgreSQL: signed Shopify webhooks, a shopper's redemption and a
// Program page save go through the built app; the job runner derives the loyalty events and sends each trigger with
// flowTriggerReceive through the shop's Admin API to the stand-in, which checks every payload against the fields
// the trigger's extension declares (extensions/tally-flow-*/shopify.extension.toml). Once per event under
// redelivery and repeated runs; a refused send is retried later, and failed after a day.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { spellExpiresAt } from "~/loyalty/expiry/expiry-clock";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { DEFAULT_EXTENSIONS_DIR } from "../../tools/admin-api-standin/flow-triggers";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { offlineAdmin } from "../support/offline-admin";
import { signedWebhook } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const SECOND = 1000;
const DAY = 86_400_000;

interface FlowCall {
  handle: string;
  payload: Record<string, unknown>;
}

describe.each(testDatabaseKinds())("Shopify Flow triggers on %s", (kind) => {
  const SHOP = `flow-triggers-${kind}.myshopify.com`;
  let t: TestDatabase;
  let admin: DemoAdmin;
  let webhookId = 0;
  const jobs = (): JobDependencies => ({ deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) });

  const calls = (): FlowCall[] =>
    adminApi.store.requests.filter((request) => request.shop === SHOP && request.operationName === "TallyFlowTrigger").map((request) => request.variables as unknown as FlowCall);
  const callsOf = (handle: string) => calls().filter((call) => call.handle === handle);
  const send = async (topic: string, payload: unknown, id = `flow-wh-${++webhookId}`) => {
    const response = await admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, webhookId: id }));
    expect(response.status).toBe(200);
  };
  const settle = async (now = new Date()) => {
    await processDueDeliveries(t.db, () => now);
    return runDueJobs(t.db, now, jobs());
  };
  const memberOf = (customerId: string) => t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    admin = await openDemoAdmin(t.url, SHOP);
    await installShop(t, SHOP);
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" }, userErrors: [] });
    // The feed and its consumers have looked at the shop once, as the app's job does every minute.
    await settle();
  });
  afterAll(async () => {
    adminApi.store.flowExtensionsDir = DEFAULT_EXTENSIONS_DIR;
    await t?.destroy();
  });

  it("sends points earned once for a paid order, even when Shopify delivers it twice, with the payload its extension declares", async () => {
    const order = orderPayload({ id: 6001, customer: { id: 1, email: "ann@example.com" }, subtotal: "40.00" });
    await send("orders/paid", order, "flow-order-6001");
    await send("orders/paid", order, "flow-order-6001");
    await send("orders/paid", order, "flow-order-6001-again");
    const run = await settle();
    expect(run.flow).toEqual({ sent: 1, failed: 0 });

    const transfer = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, orderId: "6001" } });
    expect(calls()).toEqual([
      {
        handle: "tally-points-earned",
        payload: { customer_id: 1, Points: 40, "Points balance": 40, Reason: "PURCHASE", "Order ID": "6001", "Event ID": `points.changed:${transfer.id}` },
      },
    ]);
    expect(await t.db.prisma.flowTriggerSend.findMany({ where: { shop: SHOP } })).toEqual([
      expect.objectContaining({ eventId: `points.changed:${transfer.id}`, trigger: "tally-points-earned", status: "sent", attempts: 1, lastError: null }),
    ]);

    // Nothing new: later runs send nothing again.
    expect((await settle()).flow).toEqual({ sent: 0, failed: 0 });
    await settle(new Date(Date.now() + 3 * 60 * SECOND));
    expect(calls()).toHaveLength(1);
  });

  it("tries a trigger Shopify did not take again later, with the same payload, and sends it once", async () => {
    adminApi.store.shop(SHOP).mutation.flowTriggerReceive = () => ({ userErrors: [{ field: null, message: "Flow is not available right now" }] });
    const before = calls().length;
    await send("orders/paid", orderPayload({ id: 6002, customer: { id: 5, email: "eve@example.com" }, subtotal: "25.00" }));
    const now = new Date();
    expect((await settle(now)).flow).toEqual({ sent: 0, failed: 1 });
    const transfer = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, orderId: "6002" } });
    const row = await t.db.prisma.flowTriggerSend.findFirstOrThrow({ where: { eventId: `points.changed:${transfer.id}` } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "Shopify refused the trigger: Flow is not available right now" });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 30 * SECOND);

    delete adminApi.store.shop(SHOP).mutation.flowTriggerReceive;
    // Not due yet: nothing goes.
    expect((await settle(new Date(now.getTime() + 10 * SECOND))).flow).toEqual({ sent: 0, failed: 0 });
    expect((await settle(new Date(now.getTime() + 31 * SECOND))).flow).toEqual({ sent: 1, failed: 0 });
    const tries = calls().slice(before);
    expect(tries).toHaveLength(2);
    expect(tries[1]).toEqual(tries[0]);
    expect(tries[0]).toEqual({ handle: "tally-points-earned", payload: expect.objectContaining({ customer_id: 5, Points: 25, "Event ID": `points.changed:${transfer.id}` }) });
    expect(await t.db.prisma.flowTriggerSend.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("has a payload that disagrees with the trigger's declared fields refused, retried, and failed after a day", async () => {
    // The extension as another version of it declares it: "Reason" renamed. The stand-in checks against this copy.
    const dir = mkdtempSync(path.join(tmpdir(), "tally-flow-extensions-"));
    try {
      cpSync(path.join(DEFAULT_EXTENSIONS_DIR, "tally-flow-points-earned"), path.join(dir, "tally-flow-points-earned"), { recursive: true });
      const file = path.join(dir, "tally-flow-points-earned", "shopify.extension.toml");
      writeFileSync(file, readFileSync(file, "utf8").replace('key = "Reason"', 'key = "Cause"'));
      adminApi.store.flowExtensionsDir = dir;

      await send("orders/paid", orderPayload({ id: 6003, customer: { id: 6, email: "fay@example.com" }, subtotal: "12.00" }));
      await settle();
      const transfer = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, orderId: "6003" } });
      const id = (await t.db.prisma.flowTriggerSend.findFirstOrThrow({ where: { eventId: `points.changed:${transfer.id}` } })).id;
      const first = await t.db.prisma.flowTriggerSend.findUniqueOrThrow({ where: { id } });
      expect(first.status).toBe("pending");
      expect(first.lastError).toContain('The payload is missing "Cause", which trigger tally-points-earned declares');
      expect(first.lastError).toContain('"Reason" is not a field of trigger tally-points-earned');

      for (let run = 0; run < 40; run++) {
        const row = await t.db.prisma.flowTriggerSend.findUniqueOrThrow({ where: { id } });
        if (row.status !== "pending") break;
        await runDueJobs(t.db, row.nextAttemptAt, jobs());
      }
      const failed = await t.db.prisma.flowTriggerSend.findUniqueOrThrow({ where: { id } });
      expect(failed.status).toBe("failed");
      expect(failed.attempts).toBeGreaterThan(10);
      expect(failed.lastError).toContain('"Reason" is not a field of trigger tally-points-earned');
      expect(failed.nextAttemptAt.getTime() - failed.createdAt.getTime()).toBeLessThanOrEqual(DAY);
      expect(callsOf("tally-points-earned").filter((call) => call.payload["Event ID"] === `points.changed:${transfer.id}`)).toHaveLength(failed.attempts);
      // Staff see it on the Outgoing webhooks page.
      const page = renderedMarkup(await (await admin.get("/app/outgoing-webhooks")).text());
      expect(page).toContain("Shopify Flow triggers not sent");
      expect(page).toContain(`points.changed:${transfer.id}`);
      expect(page).toContain('"Reason" is not a field of trigger tally-points-earned');
    } finally {
      adminApi.store.flowExtensionsDir = DEFAULT_EXTENSIONS_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sends tier changed, referral rewarded, points redeemed and reward code issued, each accepted by its extension's fields", async () => {
    const before = calls().length;
    const started = new Date();
    // A $600 order crosses Silver (from $500).
    await send("orders/paid", orderPayload({ id: 6004, customer: { id: 2, email: "bob@example.com" }, subtotal: "600.00" }));
    await send("customers/create", customerPayload({ id: 1, email: "ann@example.com", first_name: "Ann" }));
    await settle();
    const code = (await memberOf("1")).referralCode as string;
    await send("orders/paid", orderPayload({ id: 6005, customer: { id: 3, email: "friend@example.org" }, subtotal: "30.00", discountCodes: [code] }));
    await settle();
    const redeemed = await admin.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: "2" }), { body: { rewardId: "amount-off-500", requestId: "flow-redeem-1" } }));
    expect(redeemed.status).toBe(200);
    const reward = (await redeemed.json()) as { code: string };
    await settle();
    await settle();

    const sent = calls().slice(before);
    const bob = await memberOf("2");
    const redemption = await t.db.prisma.redemption.findFirstOrThrow({ where: { shop: SHOP, code: reward.code } });
    const advocate = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, code: "REFERRAL_ADVOCATE" } });
    expect(sent.filter((call) => call.handle === "tally-tier-changed")).toEqual([
      { handle: "tally-tier-changed", payload: { customer_id: 2, "Previous tier": "Member", "New tier": "Silver", "Event ID": `tier.changed:${bob.id}:1` } },
    ]);
    expect(sent.filter((call) => call.handle === "tally-referral-rewarded")).toEqual([
      { handle: "tally-referral-rewarded", payload: { customer_id: 1, Points: advocate.points, "Order ID": "6005", "Event ID": `referral.rewarded:${advocate.id}` } },
    ]);
    expect(sent.filter((call) => call.handle === "tally-points-redeemed")).toEqual([
      { handle: "tally-points-redeemed", payload: { customer_id: 2, Points: 500, "Reward type": "amount_off", "Reward ID": "amount-off-500", "Event ID": `reward.redeemed:${redemption.id}` } },
    ]);
    expect(sent.filter((call) => call.handle === "tally-reward-code-issued")).toEqual([
      {
        handle: "tally-reward-code-issued",
        payload: {
          customer_id: 2,
          "Discount code": reward.code,
          Points: 500,
          "Reward type": "amount_off",
          "Reward ID": "amount-off-500",
          "Expires at": redemption.expiresAt.toISOString(),
          "Event ID": `reward.redeemed:${redemption.id}`,
        },
      },
    ]);
    // Purchases and Ann's referral reward are earnings; Bob's redemption is not.
    const earned = sent.filter((call) => call.handle === "tally-points-earned").map((call) => [call.payload.customer_id, call.payload.Reason]);
    expect(earned).toEqual(expect.arrayContaining([[2, "PURCHASE"], [3, "PURCHASE"], [1, "REFERRAL_ADVOCATE"]]));
    expect(earned.filter(([customer]) => customer === 2)).toEqual([[2, "PURCHASE"]]);
    // The stand-in took every one of them: none was refused, none is waiting.
    expect(await t.db.prisma.flowTriggerSend.count({ where: { shop: SHOP, status: { not: "sent" }, createdAt: { gte: started } } })).toBe(0);
    const ids = sent.map((call) => `${call.handle} ${String(call.payload["Event ID"])}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sends points expiring the days before set on the Program page, once per member and quiet spell", async () => {
    const saved = await admin.post("/app/program", { "expiry.enabled": "true", "expiry.monthsWithoutPurchase": "1", "expiry.noticeDays": "10" });
    expect(saved.status).toBe(200);
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { shop: SHOP, action: "program.updated" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(audit.details)).toMatchObject({ changes: expect.arrayContaining([{ path: "expiry.noticeDays", from: null, to: 10 }]) });

    const eve = await memberOf("5");
    const order = await t.db.prisma.loyaltyOrder.findFirstOrThrow({ where: { shop: SHOP, orderId: "6002" } });
    const expiresAt = spellExpiresAt(order.paidAt as Date, 1);
    const available = (await t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: eve.id } })).available;
    const expiring = () => callsOf("tally-points-expiring").filter((call) => call.payload.customer_id === 5);

    await settle(new Date(expiresAt.getTime() - 11 * DAY));
    expect(expiring()).toEqual([]);
    await settle(new Date(expiresAt.getTime() - 9 * DAY));
    expect(expiring()).toEqual([
      {
        handle: "tally-points-expiring",
        payload: { customer_id: 5, Points: available, "Expires at": expiresAt.toISOString(), "Days left": 9, "Event ID": `points.expiring:${eve.id}:${order.paidAt?.toISOString()}` },
      },
    ]);
    await settle(new Date(expiresAt.getTime() - 8 * DAY));
    await settle(new Date(expiresAt.getTime() - 2 * DAY));
    expect(expiring()).toHaveLength(1);
  });

  it("sends nothing about a customer erased before the trigger went", async () => {
    await send("orders/paid", orderPayload({ id: 6006, customer: { id: 7, email: "gus@example.com" }, subtotal: "15.00" }));
    // The feed runs, but nothing is sent yet (no Admin API for the run).
    await processDueDeliveries(t.db, () => new Date());
    await runDueJobs(t.db, new Date(), { deactivateDiscount: async () => undefined });
    const transfer = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, orderId: "6006" } });
    const row = await t.db.prisma.flowTriggerSend.findFirstOrThrow({ where: { eventId: `points.changed:${transfer.id}` } });
    expect(row.status).toBe("pending");

    const redacted = await admin.app(signedWebhook("/webhooks/compliance", "customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 7, email: "gus@example.com" }, orders_to_redact: [6006] }, { shop: SHOP }));
    expect(redacted.status).toBe(200);
    await settle();
    expect(calls().filter((call) => call.payload.customer_id === 7)).toEqual([]);
    expect(await t.db.prisma.flowTriggerSend.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "skipped", lastError: "The customer's data was erased." });
  });
});
