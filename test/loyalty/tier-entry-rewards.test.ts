// A tier's entry reward, from the real entry points: the merchant's program (saved by the Program page's command)
// gives Silver 200 points and Gold 500; orders paid by signed webhooks move a member up, the job runner's feed
// turns each move up into one TIER_ENTRY transfer, once per member and tier — not again on a redelivery, a second
// run, or a member who drops out of a tier and climbs back — and the shopper's ways to earn say so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { auditBalances } from "~/loyalty/ledger/ledger-audit.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const staff = { id: "staff-1", name: "Staff One" };
const dependencies = { deactivateDiscount: async () => undefined };

describe.each(testDatabaseKinds())("tier entry rewards on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  const tick = () => new Date();

  async function send(topic: string, payload: unknown, webhookId?: string) {
    const response = await app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, ...(webhookId ? { webhookId } : {}) }));
    expect(response.status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
  }
  const entryRewards = (customerId: string) =>
    t.db.prisma.transfer.findMany({ where: { shop: SHOP, code: "TIER_ENTRY", member: { customerId } }, select: { points: true, memo: true, status: true }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 0);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
    const rules = defaultProgramRules();
    const tiers = rules.tiers.map((tier) => (tier.key === "silver" ? { ...tier, entryPoints: 200 } : tier.key === "gold" ? { ...tier, entryPoints: 500 } : tier));
    expect(await saveProgramRules(t.db, { shop: SHOP, staff, rules: { ...rules, tiers }, now: new Date() })).toMatchObject({ status: "saved" });
    // The feed's first look at the shop: history before it is not replayed.
    await runDueJobs(t.db, tick(), dependencies);
  });
  afterAll(() => t.destroy());

  it("pays the tier reached once, whatever is delivered or run again, and never twice for one tier", async () => {
    // 600.00: Silver.
    const first = orderPayload({ id: 8101, customer: { id: 31, state: "enabled" }, subtotal: "600.00" });
    await send("orders/paid", first, "paid-8101");
    await send("orders/paid", first, "paid-8101-again");
    await runDueJobs(t.db, tick(), dependencies);
    await runDueJobs(t.db, tick(), dependencies);
    expect(await entryRewards("31")).toEqual([{ points: 200, memo: "silver", status: "posted" }]);

    // Refunded in full: back to Member (no reward for a move down); then 700.00 again: Silver again, no second reward.
    await send("refunds/create", refundPayload({ id: 9101, orderId: 8101, lines: [{ subtotal: "600.00" }] }));
    await runDueJobs(t.db, tick(), dependencies);
    expect(await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "31" } })).toMatchObject({ tier: "member" });
    await send("orders/paid", orderPayload({ id: 8102, customer: { id: 31, state: "enabled" }, subtotal: "700.00" }));
    await runDueJobs(t.db, tick(), dependencies);
    expect(await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "31" } })).toMatchObject({ tier: "silver" });
    expect(await entryRewards("31")).toEqual([{ points: 200, memo: "silver", status: "posted" }]);

    // 1,000.00 more: Gold, and Gold's reward.
    await send("orders/paid", orderPayload({ id: 8103, customer: { id: 31, state: "enabled" }, subtotal: "1000.00" }));
    await runDueJobs(t.db, tick(), dependencies);
    expect(await entryRewards("31")).toEqual([
      { points: 200, memo: "silver", status: "posted" },
      { points: 500, memo: "gold", status: "posted" },
    ]);
    expect((await auditBalances(t.db)).drift).toEqual([]);
  });

  it("pays only the tier reached on a jump, and tells shoppers about the rewards in their language", async () => {
    await send("orders/paid", orderPayload({ id: 8201, customer: { id: 32, state: "enabled" }, subtotal: "2000.00" }));
    await runDueJobs(t.db, tick(), dependencies);
    expect(await entryRewards("32")).toEqual([{ points: 500, memo: "gold", status: "posted" }]);

    const response = await app(extensionRequest("/api/shopper/summary?locale=fr", sessionToken({ shop: SHOP, customerId: "32" })));
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { program: { waysToEarn: { kind: string; points: number; text: string }[] }; history: { code: string; title: string }[] };
    expect(summary.program.waysToEarn.filter((way) => way.kind === "tier")).toEqual([
      { kind: "tier", points: 200, text: expect.stringContaining("Silver") as string },
      { kind: "tier", points: 500, text: expect.stringContaining("Gold") as string },
    ]);
    expect(summary.program.waysToEarn.find((way) => way.kind === "tier")?.text).toMatch(/^Recevez 200 points en atteignant le palier Silver$/);
    expect(summary.history.find((entry) => entry.code === "TIER_ENTRY")?.title).toBe("Récompense de palier");
  });
});
