// Outgoing webhooks end to end, on SQLite and PostgreSQL: endpoints registered on the admin page of the built app,
// signed Shopify webhooks and a shopper's redemption settle, the job runner derives the loyalty events and sends them
// to a real HTTP receiver, signed with the secret the page showed once; retries, failures, redelivery, disabled
// endpoints, deletion and bad input.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "../support/webhook-receiver";

const SHOP = "outgoing-hooks.myshopify.com";
const PAGE = "/app/outgoing-webhooks";
const SECOND = 1000;
const jobs: JobDependencies = {
  deactivateDiscount: async () => undefined,
  webhookSending: { signingKey: TEST_API_SECRET, policy: { allowLoopback: true } },
};

/** What a receiver does (docs/outgoing-webhooks.md): HMAC-SHA256 of "<timestamp>.<body>" with the secret. */
function verifies(hook: ReceivedWebhook, secret: string): boolean {
  const timestamp = String(hook.headers["tally-timestamp"]);
  const expected = createHmac("sha256", secret).update(`${timestamp}.${hook.body}`).digest("hex");
  return hook.headers["tally-signature"] === `sha256=${expected}`;
}

function events(hooks: ReceivedWebhook[]) {
  return hooks.map((hook) => ({ id: String(hook.headers["tally-event-id"]), type: String(hook.headers["tally-event-type"]), body: JSON.parse(hook.body) as { id: string; type: string; shop: string; data: Record<string, unknown> } }));
}

describe.each(testDatabaseKinds())("outgoing webhooks on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  let receiver: WebhookReceiver;
  const secrets = new Map<string, string>();
  const ids = new Map<string, string>();
  let webhookId = 0;

  const on = (path: string) => receiver.received.filter((hook) => hook.path === path);
  const send = async (topic: string, payload: unknown, id = `wh-${++webhookId}`) => {
    const response = await admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, webhookId: id }));
    expect(response.status).toBe(200);
  };
  const settle = async (now = new Date()) => {
    await processDueDeliveries(t.db, () => now);
    return runDueJobs(t.db, now, jobs);
  };
  async function register(path: string, events: string[]) {
    const body = new URLSearchParams({ intent: "create", url: receiver.url(path) });
    for (const event of events) body.append("events", event);
    const response = await admin.post(PAGE, body);
    expect(response.status).toBe(200);
    const html = await response.text();
    const secret = /whsec_[A-Za-z0-9_-]{43}/.exec(html)?.[0];
    expect(secret).toBeDefined();
    const row = await t.db.prisma.webhookEndpoint.findFirstOrThrow({ where: { shop: SHOP, url: receiver.url(path) } });
    secrets.set(path, secret as string);
    ids.set(path, row.id);
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    receiver = await startWebhookReceiver();
    process.env.TALLY_WEBHOOKS_ALLOW_LOOPBACK = "1";
    admin = await openDemoAdmin(t.url, SHOP);
    await installShop(t, SHOP);
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" }, userErrors: [] });
    // The feed has looked at the shop once before anything happens, as the app's job does every minute.
    await settle();
  });
  afterAll(async () => {
    delete process.env.TALLY_WEBHOOKS_ALLOW_LOOPBACK;
    await receiver?.close();
    await t?.destroy();
  });

  it("registers endpoints on the admin page, showing each secret once and storing none", async () => {
    await register("/points", ["points.changed"]);
    await register("/all", ["points.changed", "tier.changed", "reward.redeemed", "referral.rewarded"]);
    await register("/flaky", ["points.changed"]);
    await register("/off", ["points.changed", "tier.changed", "reward.redeemed", "referral.rewarded"]);
    const disabled = await admin.post(PAGE, { intent: "disable", id: ids.get("/off") as string });
    expect(disabled.status).toBe(200);

    const page = await (await admin.get(PAGE)).text();
    for (const secret of secrets.values()) expect(page).not.toContain(secret);
    const stored = JSON.stringify(await t.db.prisma.webhookEndpoint.findMany());
    for (const secret of secrets.values()) expect(stored).not.toContain(secret);
    expect(renderedMarkup(page)).toContain(receiver.url("/points"));
    const audit = await t.db.prisma.auditEvent.findMany({ where: { shop: SHOP, action: { startsWith: "webhook_endpoint." } } });
    expect(audit.map((event) => event.action).sort()).toEqual(["webhook_endpoint.created", "webhook_endpoint.created", "webhook_endpoint.created", "webhook_endpoint.created", "webhook_endpoint.disabled"]);
  });

  it("sends points changed, signed, once, after orders/paid settles, even when Shopify delivers it twice", async () => {
    receiver.answer("/flaky", [500]);
    const order = orderPayload({ id: 5001, customer: { id: 1, email: "ann@example.com" }, subtotal: "40.00" });
    await send("orders/paid", order, "wh-order-5001");
    await send("orders/paid", order, "wh-order-5001");
    await send("orders/paid", order, "wh-order-5001-again");
    await settle();

    const [hook, ...more] = on("/points");
    expect(more).toHaveLength(0);
    expect(hook && verifies(hook, secrets.get("/points") as string)).toBe(true);
    expect(hook && verifies(hook, secrets.get("/all") as string)).toBe(false);
    const [event] = events(hook ? [hook] : []);
    const transfer = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, orderId: "5001" } });
    expect(event).toMatchObject({
      id: `points.changed:${transfer.id}`,
      type: "points.changed",
      body: {
        id: `points.changed:${transfer.id}`,
        type: "points.changed",
        shop: SHOP,
        data: { customerId: "1", transferId: transfer.id, code: "PURCHASE", points: 40, status: "posted", orderId: "5001", balanceAfter: { available: 40, posted: 40 } },
      },
    });
    expect(on("/all")).toHaveLength(1);
    expect(on("/off")).toHaveLength(0);
    expect(Number(hook?.headers["tally-timestamp"])).toBeGreaterThan(0);

    // Nothing new: the next run sends nothing again.
    await settle();
    expect(on("/points")).toHaveLength(1);
    expect(on("/all")).toHaveLength(1);
  });

  it("retries a delivery the receiver refused, with the same event id, and records one success", async () => {
    const [first] = on("/flaky");
    expect(first).toBeDefined();
    const delivery = await t.db.prisma.outgoingWebhookDelivery.findFirstOrThrow({ where: { endpointId: ids.get("/flaky") } });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "The endpoint answered 500." });
    const page = renderedMarkup(await (await admin.get(PAGE)).text());
    expect(page).toContain("The endpoint answered 500.");
    expect(page).toContain("Retrying");

    await settle(new Date(Date.now() + 31 * SECOND));
    const hooks = on("/flaky");
    expect(hooks).toHaveLength(2);
    expect(hooks[1]?.headers["tally-event-id"]).toBe(first?.headers["tally-event-id"]);
    expect(hooks[1] && verifies(hooks[1], secrets.get("/flaky") as string)).toBe(true);
    expect(await t.db.prisma.outgoingWebhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "delivered", attempts: 2, lastError: null });
    expect(await t.db.prisma.outgoingWebhookDelivery.count({ where: { status: "delivered", eventId: delivery.eventId } })).toBe(3);
  });

  it("sends tier changed, referral rewarded and reward redeemed", async () => {
    const before = on("/all").length;
    // A $600 order crosses Silver (from $500).
    await send("orders/paid", orderPayload({ id: 5002, customer: { id: 2, email: "bob@example.com" }, subtotal: "600.00" }));
    await send("customers/create", customerPayload({ id: 1, email: "ann@example.com", first_name: "Ann" }));
    await settle();
    const code = (await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } })).referralCode as string;
    await send("orders/paid", orderPayload({ id: 5003, customer: { id: 3, email: "friend@example.org" }, subtotal: "30.00", discountCodes: [code] }));
    await settle();
    const redeemed = await admin.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: "2" }), { body: { rewardId: "amount-off-500", requestId: "hooks-redeem-1" } }));
    expect({ status: redeemed.status, body: redeemed.status === 200 ? null : await redeemed.clone().text() }).toEqual({ status: 200, body: null });
    const reward = (await redeemed.json()) as { code: string };
    await settle();

    const received = events(on("/all").slice(before));
    for (const hook of on("/all")) expect(verifies(hook, secrets.get("/all") as string)).toBe(true);
    const silver = await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "2" } });
    expect(received.filter((event) => event.type === "tier.changed")).toEqual([
      expect.objectContaining({ id: `tier.changed:${silver.id}:1`, body: expect.objectContaining({ data: { memberId: silver.id, customerId: "2", from: { key: "member", name: "Member" }, to: { key: "silver", name: "Silver" } } }) }),
    ]);
    const advocate = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, code: "REFERRAL_ADVOCATE" } });
    expect(received.filter((event) => event.type === "referral.rewarded")).toEqual([
      expect.objectContaining({ id: `referral.rewarded:${advocate.id}`, body: expect.objectContaining({ data: expect.objectContaining({ customerId: "1", code: "REFERRAL_ADVOCATE", points: advocate.points, orderId: "5003" }) }) }),
    ]);
    const redemption = await t.db.prisma.redemption.findFirstOrThrow({ where: { shop: SHOP, code: reward.code } });
    expect(received.filter((event) => event.type === "reward.redeemed")).toEqual([
      expect.objectContaining({
        id: `reward.redeemed:${redemption.id}`,
        body: expect.objectContaining({ data: expect.objectContaining({ customerId: "2", discountCode: reward.code, points: 500, reward: expect.objectContaining({ id: "amount-off-500" }) }) }),
      }),
    ]);
    // Each event once, however many runs.
    await settle();
    const all = events(on("/all")).map((event) => event.id);
    expect(new Set(all).size).toBe(all.length);
    expect(on("/off")).toHaveLength(0);
  });

  it("marks a delivery failed after a day of refusals, lists it, retries it on request, and deletes an endpoint", async () => {
    await register("/down", ["points.changed"]);
    receiver.answer("/down", Array.from({ length: 40 }, () => 503));
    await send("orders/paid", orderPayload({ id: 5004, customer: { id: 4, email: "dee@example.com" }, subtotal: "12.00" }));
    await settle();
    const id = (await t.db.prisma.outgoingWebhookDelivery.findFirstOrThrow({ where: { endpointId: ids.get("/down") } })).id;
    let now = Date.now();
    for (let run = 0; run < 40; run++) {
      const row = await t.db.prisma.outgoingWebhookDelivery.findUniqueOrThrow({ where: { id } });
      if (row.status !== "pending") break;
      now = row.nextAttemptAt.getTime();
      await runDueJobs(t.db, new Date(now), jobs);
    }
    const failed = await t.db.prisma.outgoingWebhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBeGreaterThan(10);
    expect(failed.nextAttemptAt.getTime() - failed.createdAt.getTime()).toBeLessThanOrEqual(24 * 3600 * SECOND);
    const page = renderedMarkup(await (await admin.get(PAGE)).text());
    expect(page).toContain("Failed");
    expect(page).toContain("The endpoint answered 503.");
    expect(page).toContain("Retry now");

    receiver.answer("/down", []);
    const retried = await admin.post(PAGE, { intent: "retry", id });
    expect(retried.status).toBe(200);
    expect(await t.db.prisma.auditEvent.count({ where: { shop: SHOP, action: "webhook_delivery.retried", subjectId: id } })).toBe(1);
    expect((await admin.post(PAGE, { intent: "retry", id })).status).toBe(409);
    await runDueJobs(t.db, new Date(), jobs);
    expect((await t.db.prisma.outgoingWebhookDelivery.findUniqueOrThrow({ where: { id } })).status).toBe("delivered");

    const deleted = await admin.post(PAGE, { intent: "delete", id: ids.get("/down") as string });
    expect(deleted.status).toBe(200);
    expect(await t.db.prisma.webhookEndpoint.count({ where: { id: ids.get("/down") } })).toBe(0);
    expect(await t.db.prisma.outgoingWebhookDelivery.count({ where: { endpointId: ids.get("/down") } })).toBe(0);
    expect(await t.db.prisma.auditEvent.count({ where: { shop: SHOP, action: "webhook_endpoint.deleted" } })).toBe(1);
    expect((await admin.post(PAGE, { intent: "delete", id: ids.get("/down") as string })).status).toBe(404);
  });

  it.each([
    [{ intent: "create", url: "http://hooks.example.com/tally", events: ["points.changed"] }, "Use an https:// URL"],
    [{ intent: "create", url: "https://hooks.example.com/tally", events: ["points.vanished"] }, "Choose one or more of the events listed"],
    [{ intent: "create", url: "https://hooks.example.com/tally", events: [] }, "Choose at least one event"],
    [{ intent: "create", url: "https://10.0.0.8/tally", events: ["points.changed"] }, "Use a URL on the public internet"],
    [{ intent: "create", url: "not a url", events: ["points.changed"] }, "Enter a full URL"],
  ])("refuses bad input with a message and writes nothing: %j", async (input, message) => {
    const before = { endpoints: await t.db.prisma.webhookEndpoint.count(), audit: await t.db.prisma.auditEvent.count() };
    const body = new URLSearchParams({ intent: input.intent, url: input.url });
    for (const event of input.events) body.append("events", event);
    const response = await admin.post(PAGE, body);
    expect(response.status).toBe(400);
    expect(renderedMarkup(await response.text())).toContain(message);
    expect({ endpoints: await t.db.prisma.webhookEndpoint.count(), audit: await t.db.prisma.auditEvent.count() }).toEqual(before);
  });
});
