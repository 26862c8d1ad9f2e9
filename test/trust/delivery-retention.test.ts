// How long a webhook delivery's payload (customers' names, emails, addresses) stays: until the delivery is applied.
// The row stays for deduplication and the queue's audit; a delivery that fails keeps its payload until it is
// resolved, so it can still be retried (docs/privacy.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "~/queue/delivery-queue.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "retention.myshopify.com";
const BROKEN_SHOP = "retention-broken.myshopify.com";
const CUSTOMER = { id: 4401, email: "kept.briefly@example.com", first_name: "Orla", last_name: "Briefly", default_address: { address1: "9 Harbour Row", zip: "D02 X285", country_code: "IE" } };

describe.each(testDatabaseKinds())("webhook payload retention on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.useProgram(SHOP, () => undefined);
    await h.useProgram(BROKEN_SHOP, () => undefined);
  });
  afterAll(() => t.destroy());

  it("drops an applied delivery's payload and keeps what deduplication and the queue's audit need", async () => {
    expect((await h.send(SHOP, "customers/create", customerPayload(CUSTOMER), { webhookId: "retention-customer" })).status).toBe(200);
    expect((await h.send(SHOP, "orders/paid", orderPayload({ id: 8801, customer: CUSTOMER, subtotal: "42.00" }), { webhookId: "retention-order" })).status).toBe(200);
    const queued = await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "retention-order" } });
    expect(queued.payload).toContain("kept.briefly@example.com");

    expect(await h.work()).toEqual({ processed: 2, failed: 0 });
    const rows = await t.db.prisma.webhookDelivery.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(rows).toEqual([
      expect.objectContaining({ id: "retention-customer", shop: SHOP, topic: "customers/create", status: "done", attempts: 1, payload: null, lastError: null, processedAt: expect.any(Date), receivedAt: expect.any(Date) }),
      expect.objectContaining({ id: "retention-order", shop: SHOP, topic: "orders/paid", status: "done", attempts: 1, payload: null, lastError: null, processedAt: expect.any(Date), receivedAt: expect.any(Date) }),
    ]);
    expect(await h.balances(SHOP, CUSTOMER.id)).toMatchObject({ posted: 100 + 42 });
  });

  it("still recognises a redelivery of a delivery whose payload is gone", async () => {
    expect((await h.send(SHOP, "orders/paid", orderPayload({ id: 8801, customer: CUSTOMER, subtotal: "42.00" }), { webhookId: "retention-order" })).status).toBe(200);
    expect(await h.work()).toEqual({ processed: 0, failed: 0 });
    expect(await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "retention-order" } })).toMatchObject({ status: "done", payload: null, attempts: 1 });
    expect(await h.balances(SHOP, CUSTOMER.id)).toMatchObject({ posted: 100 + 42 });
  });

  it("keeps a failing delivery's payload until it is applied, then drops it", async () => {
    // A shop whose stored program cannot be read: every attempt fails until it is repaired.
    await t.db.prisma.shop.update({ where: { domain: BROKEN_SHOP }, data: { programRules: "{not json" } });
    expect((await h.send(BROKEN_SHOP, "orders/paid", orderPayload({ id: 8802, customer: CUSTOMER, subtotal: "10.00" }), { webhookId: "retention-failing" })).status).toBe(200);
    let clock = Date.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await h.work(new Date(clock))).toEqual({ processed: 0, failed: 1 });
      clock += 60 * 60_000;
    }
    const failed = await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "retention-failing" } });
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastError: expect.any(String) });
    expect(failed.payload).toContain("kept.briefly@example.com");

    // Repaired and retried: applied, so its payload goes like any other's.
    await h.useProgram(BROKEN_SHOP, () => undefined);
    await t.db.prisma.webhookDelivery.update({ where: { id: "retention-failing" }, data: { status: "queued", runAfter: new Date(clock) } });
    expect(await h.work(new Date(clock))).toEqual({ processed: 1, failed: 0 });
    expect(await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "retention-failing" } })).toMatchObject({ status: "done", payload: null, lastError: null });
  });
});
