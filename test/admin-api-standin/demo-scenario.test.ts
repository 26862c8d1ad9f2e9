// The demo's Admin API scenario (tools/admin-api-standin/demo-scenario.json) is valid for the stand-in and, read
// by the reconciliation job as `npm run demo` would, queues deliveries for the demo shop's customers that the
// webhook handlers accept; read as the shop's history (the Import and export page's button in the demo), its bulk
// operations give the demo shop's 53 customers and its orders.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_SHOP } from "~/env.server";
import { reconcileOrders } from "~/jobs/reconcile-orders.server";
import { advanceHistoryRun } from "~/jobs/shop-history.server";
import { queueHistoryOnInstall } from "~/loyalty/shop-history/request-history-run.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { scenarioShops } from "../../tools/admin-api-standin/scenario-file";
import { adminApi } from "../support/admin-api-standin";
import { offlineAdmin } from "../support/offline-admin";
import { createTestDatabase, ROOT, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-09-15T08:30:00Z");
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  await upsertShop(t.db.prisma, { domain: DEMO_SHOP, name: "Maple & Moss", currencyCode: "USD" });
  const content: unknown = JSON.parse(readFileSync(path.join(ROOT, "tools/admin-api-standin/demo-scenario.json"), "utf8"));
  adminApi.store.reset();
  for (const [shop, scenario] of Object.entries(scenarioShops(content, NOW))) adminApi.store.setShop(shop, scenario);
});
afterAll(() => t.destroy());

it("queues the demo shop's missed orders for customers 1…50 as payloads the handlers accept", async () => {
  const run = await reconcileOrders(t.db, DEMO_SHOP, await offlineAdmin(t.db, DEMO_SHOP), NOW);

  expect(run.ordersRead).toBe(12);
  expect(run.queued).toEqual({ "orders/paid": 10, "orders/cancelled": 2, "refunds/create": 2 });
  const customers: number[] = [];
  for (const delivery of await t.db.prisma.webhookDelivery.findMany()) {
    const payload: unknown = JSON.parse(delivery.payload ?? "null");
    if (delivery.topic === "refunds/create") refundPayload.parse(payload);
    else customers.push(Number(orderPayload.parse(payload).customer?.id ?? 1));
  }
  expect(customers.every((id) => id >= 1 && id <= 50)).toBe(true);
});

it("reads the demo shop's customers and orders as its history through the stand-in's bulk operations", async () => {
  const { id } = await queueHistoryOnInstall(t.db, DEMO_SHOP, NOW);
  const admin = await offlineAdmin(t.db, DEMO_SHOP);
  for (let step = 0; step < 6; step++) await advanceHistoryRun(t.db, id, admin, NOW);
  const run = await t.db.prisma.shopHistoryImport.findUniqueOrThrow({ where: { id } });
  expect(run).toMatchObject({ status: "done", customersRead: 53, ordersRead: 12, error: null });
  expect(await t.db.prisma.member.count({ where: { shop: DEMO_SHOP } })).toBe(53);
  expect(await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: DEMO_SHOP, customerId: "53" } } })).toMatchObject({ email: "hana.sato@example.com", accountState: "invited" });
});
