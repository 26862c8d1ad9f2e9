// Shopify delivers at least once and in no particular order. A fixed set of events, delivered in many random
// orders with every event sent several times (same webhook id or a new one), must end in exactly the balances
// of the natural order.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

interface Event {
  topic: string;
  payload: unknown;
}

const A = { id: 1, email: "ada@example.com", state: "enabled" as const };
const B = { id: 2, email: "bo@example.com", state: "enabled" as const };
const C = { id: 3, email: "cy@example.com", state: "enabled" as const };
const D = { id: 4, email: "di@example.com", state: "invited" as const };

/** In the order things happened. */
const NATURAL: Event[] = [
  { topic: "customers/create", payload: customerPayload(D) },
  { topic: "orders/paid", payload: orderPayload({ id: 1, customer: A, subtotal: "123.45" }) },
  { topic: "orders/paid", payload: orderPayload({ id: 2, customer: B, subtotal: "80.00" }) },
  { topic: "orders/paid", payload: orderPayload({ id: 3, customer: C, subtotal: "50.00", lines: [{ price: "20.00", gift_card: true }, { price: "30.00" }] }) },
  { topic: "refunds/create", payload: refundPayload({ id: 11, orderId: 1, lines: [{ subtotal: "41.15" }] }) },
  { topic: "orders/cancelled", payload: orderPayload({ id: 2, customer: B, subtotal: "80.00", cancelledAt: "2026-11-22T09:00:00Z" }) },
  { topic: "refunds/create", payload: refundPayload({ id: 12, orderId: 1, lines: [{ subtotal: "20.00" }] }) },
  { topic: "refunds/create", payload: refundPayload({ id: 13, orderId: 3, shipping: "5.00" }) },
  { topic: "customers/update", payload: customerPayload({ ...D, state: "enabled" }) },
  { topic: "orders/paid", payload: orderPayload({ id: 4, customer: { ...D, state: "enabled" }, subtotal: "10.00" }) },
];

const CUSTOMERS = [1, 2, 3, 4];

describe.each(testDatabaseKinds())("delivery order on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let runs = 0;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
  });
  afterAll(() => t.destroy());

  async function deliver(deliveries: { event: Event; webhookId: string }[]) {
    const shop = `delivery-order-${++runs}.myshopify.com`;
    await h.useProgram(shop, () => undefined);
    for (const { event, webhookId } of deliveries) {
      const response = await h.send(shop, event.topic, event.payload, { webhookId: `${shop}:${webhookId}` });
      expect(response.status).toBe(200);
    }
    await h.work();
    const balances: Record<number, unknown> = {};
    for (const customer of CUSTOMERS) balances[customer] = await h.balances(shop, customer);
    return balances;
  }

  let natural: Record<number, unknown>;

  it("ends the natural order in the balances product.md gives", async () => {
    natural = await deliver(NATURAL.map((event, n) => ({ event, webhookId: `natural-${n}` })));
    expect(natural).toEqual({
      // 123 earned, refunds of 61.15 of 123.45 reverse floor(123 × 61.15 / 123.45) = 60.
      1: { posted: 63, pendingCredit: 0, pendingDebit: 0, available: 63, lifetimeEarned: 63 },
      2: { posted: 0, pendingCredit: 0, pendingDebit: 0, available: 0, lifetimeEarned: 0 },
      3: { posted: 30, pendingCredit: 0, pendingDebit: 0, available: 30, lifetimeEarned: 30 },
      4: { posted: 110, pendingCredit: 0, pendingDebit: 0, available: 110, lifetimeEarned: 110 },
    });
  });

  it("ends every shuffled, repeated delivery in the same balances", async () => {
    const delivery = fc.record({
      order: fc.shuffledSubarray(NATURAL.map((_, n) => n), { minLength: NATURAL.length, maxLength: NATURAL.length }),
      // For each event: how many times it is sent, and whether a resend reuses the webhook id.
      copies: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()), { minLength: NATURAL.length, maxLength: NATURAL.length }),
      late: fc.array(fc.nat(NATURAL.length - 1), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(delivery, async ({ order, copies, late }) => {
        const sends: { event: Event; webhookId: string }[] = [];
        for (const n of order) {
          const [count, sameId] = copies[n] ?? [1, true];
          for (let copy = 0; copy < count; copy++) sends.push({ event: NATURAL[n] as Event, webhookId: sameId ? `event-${n}` : `event-${n}-copy-${copy}` });
        }
        // Shopify's retries can come hours later, after everything else.
        for (const n of late) sends.push({ event: NATURAL[n] as Event, webhookId: `event-${n}-retry` });
        expect(await deliver(sends)).toEqual(natural);
      }),
      { numRuns: kind === "sqlite" ? 30 : 12, seed: 20261123 },
    );
  });
});
