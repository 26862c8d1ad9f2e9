// The Failed deliveries page through the built app, on SQLite and PostgreSQL: webhook deliveries that failed for
// good are listed with what (topic and Shopify's ids, no personal data), when and why; a retry queues the delivery
// again, due now with its attempts reset, records who asked in the audit log, and the worker then applies it;
// the dashboard counts them with a link to the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload } from "../fixtures/shopify-payloads";
import { openDemoAdmin, renderedMarkup, tableRows, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "deliveries-demo.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
// As Shopify sends it: ids above 2^53, written as JSON numbers.
const ORDER_PAYLOAD = '{"id":820982911946154508,"name":"#1001","email":"jane.doe@example.com","customer":{"id":706405506930370084,"first_name":"Jane","last_name":"Doe"},"shipping_address":{"address1":"12 Rue de Rivoli"}}';

describe.each(testDatabaseKinds())("Failed deliveries on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;

  async function delivery(id: string, data: { shop?: string; topic: string; payload: string; status: string; lastError?: string; receivedAt?: Date }) {
    await t.db.prisma.webhookDelivery.create({
      data: {
        id,
        shop: data.shop ?? SHOP,
        topic: data.topic,
        payload: data.payload,
        status: data.status,
        attempts: data.status === "failed" ? 10 : 1,
        receivedAt: data.receivedAt ?? new Date("2026-11-30T14:05:00Z"),
        runAfter: new Date("2026-11-30T18:00:00Z"),
        lastError: data.lastError ?? null,
      },
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Deliveries shop", currencyCode: "USD" });
    await upsertShop(t.db.prisma, { domain: OTHER_SHOP, name: "Other shop", currencyCode: "USD" });
    admin = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  it("shows no banner on the dashboard and an empty page while every delivery was applied", async () => {
    const dashboard = renderedMarkup(await (await admin.get("/app")).text());
    expect(dashboard).not.toContain("could not be applied");
    const page = await admin.get("/app/failed-deliveries");
    expect(page.status).toBe(200);
    expect(renderedMarkup(await page.text())).toContain("Every update from Shopify was applied.");
  });

  it("lists the shop's failed deliveries with what, when and why, and nothing personal", async () => {
    await delivery("failed-order", { topic: "orders/paid", payload: ORDER_PAYLOAD, status: "failed", lastError: "Error: the order's currency XYZ is not the shop's (USD)" });
    await delivery("failed-refund", { topic: "refunds/create", payload: '{"id":929361462,"order_id":820982911946154508}', status: "failed", lastError: null as unknown as string, receivedAt: new Date("2026-11-29T10:00:00Z") });
    await delivery("applied", { topic: "orders/paid", payload: '{"id":1}', status: "done" });
    await delivery("still-queued", { topic: "orders/paid", payload: '{"id":2}', status: "queued" });
    await delivery("foreign-failed", { shop: OTHER_SHOP, topic: "orders/paid", payload: '{"id":3}', status: "failed", lastError: "Error: elsewhere" });

    const response = await admin.get("/app/failed-deliveries");
    expect(response.status).toBe(200);
    const html = await response.text();
    const rows = tableRows(html).map((row) => renderedMarkup(row).replace(/<[^>]+>/g, " ").replace(/\s+/g, " "));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("Nov 30, 2026, 2:05 PM UTC");
    expect(rows[0]).toContain("Order paid");
    expect(rows[0]).toContain("Order #1001 (ID 820982911946154508)");
    expect(rows[0]).toContain("The last attempt failed: Error: the order's currency XYZ is not the shop's (USD)");
    expect(rows[0]).toContain("10");
    expect(rows[1]).toContain("Refund ID 929361462 of order ID 820982911946154508");
    expect(rows[1]).toContain("The last attempt failed without an error message.");
    // Neither the page nor its serialized data carries the customer's name, email or address.
    for (const personal of ["jane.doe@example.com", "Jane", "Doe", "Rivoli", "706405506930370084"]) expect(html).not.toContain(personal);
    expect(html).not.toContain("elsewhere");
  });

  it("retries a failed delivery: queued again now with its attempts reset, in the audit log, then applied", async () => {
    await delivery("failed-customer", {
      topic: "customers/create",
      payload: JSON.stringify(customerPayload({ id: 7001, email: "late.customer@example.com", first_name: "Late", last_name: "Customer" })),
      status: "failed",
      lastError: "Error: database is locked",
    });
    const before = new Date();
    const response = await admin.post("/app/failed-deliveries", { intent: "retry", deliveryId: "failed-customer" });
    expect(response.status).toBe(200);
    expect(renderedMarkup(await response.text())).toContain("Customer ID 7001 is queued again and will be applied in a moment.");

    const row = await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "failed-customer" } });
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(0);
    expect(row.runAfter.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(row.runAfter.getTime()).toBeLessThanOrEqual(Date.now());
    const audit = await t.db.prisma.auditEvent.findMany({ where: { shop: SHOP, action: "delivery.retried" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.subjectId).toBe("failed-customer");
    expect(audit[0]?.actorId).toBe("demo");
    expect(JSON.parse(audit[0]?.details ?? "{}")).toEqual({ deliveryId: "failed-customer", topic: "customers/create", subject: "Customer ID 7001", attempts: 10 });
    expect(audit[0]?.details).not.toContain("late.customer@example.com");

    const activity = renderedMarkup(await (await admin.get("/app/activity?view=audit")).text());
    expect(activity).toContain("Retried a failed delivery");
    expect(activity).toContain("Customer created: Customer ID 7001");

    const listed = renderedMarkup(await (await admin.get("/app/failed-deliveries")).text());
    expect(listed).not.toContain("Customer ID 7001");

    await processDueDeliveries(t.db, () => new Date());
    expect((await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "failed-customer" } })).status).toBe("done");
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, customerId: "7001" } })).toBe(1);
  });

  it("refuses to retry another shop's delivery, or one that is not failed, with a message and no change", async () => {
    const cases: [string, number, string][] = [
      ["foreign-failed", 404, "This delivery was not found."],
      ["no-such-delivery", 404, "This delivery was not found."],
      ["applied", 409, "This delivery is no longer failed"],
      ["failed-customer", 409, "This delivery is no longer failed"],
    ];
    for (const [id, status, message] of cases) {
      const response = await admin.post("/app/failed-deliveries", { intent: "retry", deliveryId: id });
      expect(response.status, id).toBe(status);
      expect(renderedMarkup(await response.text()), id).toContain(message);
    }
    expect((await admin.post("/app/failed-deliveries", { intent: "delete", deliveryId: "failed-order" })).status).toBe(400);
    expect(await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "foreign-failed" }, select: { status: true, attempts: true } })).toEqual({ status: "failed", attempts: 10 });
    expect(await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: "failed-order" }, select: { status: true } })).toEqual({ status: "failed" });
    expect(await t.db.prisma.auditEvent.count({ where: { action: "delivery.retried" } })).toBe(1);
  });

  it("counts the failed deliveries on the dashboard, with a link to the page", async () => {
    const markup = renderedMarkup(await (await admin.get("/app")).text());
    expect(markup).toContain("2 updates from Shopify could not be applied.");
    expect(markup).toMatch(/<a[^>]+href="\/app\/failed-deliveries"[^>]*>.*?Review failed deliveries/s);
  });
});
