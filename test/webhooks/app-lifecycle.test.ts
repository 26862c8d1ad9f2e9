import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

describe.each(testDatabaseKinds())("app lifecycle webhooks on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const [member] = (await seedMembers(t.db, 1)) as [string];
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member, code: "SIGNUP_BONUS", points: 100, status: "posted", idempotencyKey: "customer:1:signup" });
    await t.db.prisma.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: "read_customers", accessToken: "shpat_test" },
    });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET });
  });
  afterAll(() => t.destroy());

  it("updates the offline session's scopes on app/scopes_update", async () => {
    const response = await app(
      signedWebhook("/webhooks/app/scopes_update", "app/scopes_update", { id: 1, previous: ["read_customers"], current: ["read_customers", "write_discounts"], updated_at: new Date().toISOString() }, { shop: SHOP }),
    );
    expect(response.status).toBe(200);
    expect(await t.db.prisma.session.findUnique({ where: { id: `offline_${SHOP}` } })).toMatchObject({ scope: "read_customers,write_discounts" });
  });

  it("refuses a bad signature with 401", async () => {
    const response = await app(signedWebhook("/webhooks/app/uninstalled", "app/uninstalled", { id: 1 }, { shop: SHOP, secret: "not-the-secret" }));
    expect(response.status).toBe(401);
    expect(await t.db.prisma.session.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("removes the shop's sessions on app/uninstalled and keeps its loyalty data", async () => {
    const response = await app(signedWebhook("/webhooks/app/uninstalled", "app/uninstalled", { id: 1, name: "Test shop", domain: SHOP }, { shop: SHOP }));
    expect(response.status).toBe(200);
    expect(await t.db.prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await t.db.prisma.shop.findUnique({ where: { domain: SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP } })).toBe(1);
    expect(await t.db.prisma.balance.findFirst({ where: { shop: SHOP } })).toMatchObject({ posted: 100 });
  });
});
