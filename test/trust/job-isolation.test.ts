// One shop's trouble is that shop's alone: the job runner, with production's Admin API path (shopify.server's
// `unauthenticated.admin` over the stored offline session, answered by the Admin API stand-in), releases the lapsed
// codes of every shop although one shop uninstalled with a code outstanding and one code's deactivation is refused,
// reports the refused one without personal data, and still runs expiry after it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TallyDatabase } from "~/db/database.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { adminApi } from "../support/admin-api-standin";
import { consoleErrorSpy } from "../support/fail-on-console-error";
import { storeOfflineSession } from "../support/offline-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const INSTALLED = "still-here.myshopify.com";
const GONE = "uninstalled.myshopify.com";
const ISSUED = new Date("2026-12-01T10:00:00Z");
const NOW = new Date("2028-06-01T12:00:00Z");
const REFUSED = "gid://shopify/DiscountCodeNode/3";

describe.each(testDatabaseKinds())("jobs with one bad shop and one bad item on %s", (kind) => {
  let t: TestDatabase;
  const members: Record<string, string> = {};

  async function memberWithCode(db: TallyDatabase, shop: string, customerId: string, discountId: string, points = 500) {
    const member = await upsertMember(db.prisma, { shop, customerId, email: `c${customerId}@example.com`, accountState: "enabled" }, "member");
    members[`${shop}:${customerId}`] = member.id;
    await db.ledger.recordTransfer({ shop, memberId: member.id, code: "PURCHASE", points: 800, status: "posted", idempotencyKey: `seed:${customerId}` });
    const hold = await db.ledger.reservePointsForReward({ shop, memberId: member.id, points, idempotencyKey: `redeem:${customerId}` });
    if (!hold.ok) throw new Error(hold.message);
    await db.prisma.redemption.create({
      data: { id: `redemption-${customerId}`, shop, memberId: member.id, code: `TALLY-${customerId}`, points, reservationId: hold.transfer.id, status: "issued", expiresAt: new Date(ISSUED.getTime() + 86_400_000), discountId, createdAt: ISSUED, updatedAt: ISSUED },
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const rules = defaultProgramRules();
    rules.expiry = { enabled: true, monthsWithoutPurchase: 12 };
    await upsertShop(t.db.prisma, { domain: INSTALLED, name: INSTALLED, currencyCode: "USD" });
    await t.db.prisma.shop.update({ where: { domain: INSTALLED }, data: { programRules: JSON.stringify(rules) } });
    await storeOfflineSession(t.db, INSTALLED);
    await upsertShop(t.db.prisma, { domain: GONE, name: GONE, currencyCode: "USD" });
    // Uninstalled: app/uninstalled marked the shop and deleted its sessions, so the Admin API cannot be reached.
    await memberWithCode(t.db, GONE, "1", "gid://shopify/DiscountCodeNode/1");
    await t.db.prisma.shop.update({ where: { domain: GONE }, data: { uninstalledAt: ISSUED } });
    await memberWithCode(t.db, INSTALLED, "2", "gid://shopify/DiscountCodeNode/2");
    await memberWithCode(t.db, INSTALLED, "3", REFUSED);
    await memberWithCode(t.db, INSTALLED, "4", "gid://shopify/DiscountCodeNode/4");
  });
  afterAll(() => t.destroy());

  it("releases every other code, skips the refused one with a report naming shop and item, and runs expiry", async () => {
    adminApi.store.reset();
    adminApi.store.setShop(INSTALLED, {
      mutation: {
        discountCodeDeactivate: ({ id }: Record<string, unknown>) =>
          id === REFUSED ? { codeDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount could not be updated" }] } : { codeDiscountNode: { id }, userErrors: [] },
      },
    });
    const reported: string[] = [];
    const usual = consoleErrorSpy.getMockImplementation();
    consoleErrorSpy.mockImplementation((...args: unknown[]) => void reported.push(args.map(String).join(" ")));
    vi.stubEnv("DATABASE_URL", t.url);
    vi.stubEnv("NODE_ENV", "test");
    vi.resetModules();
    try {
      const { runDueJobs } = await import("~/jobs/job-runner.server");
      const { shopifyJobDependencies } = await import("~/jobs/shopify-job-dependencies.server");
      const run = await runDueJobs(t.db, NOW, shopifyJobDependencies);

      expect(run.redemptionsReleased).toBe(3);
      expect(run.failures).toBe(1);
      expect(run.membersExpired).toBe(3);
    } finally {
      await globalThis.__tallyDatabases?.get(t.url)?.close();
      globalThis.__tallyDatabases?.delete(t.url);
      vi.unstubAllEnvs();
      consoleErrorSpy.mockImplementation(usual ?? (() => undefined));
    }

    const statuses = await t.db.prisma.redemption.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } });
    expect(statuses).toEqual([
      { id: "redemption-1", status: "released" },
      { id: "redemption-2", status: "released" },
      { id: "redemption-3", status: "issued" },
      { id: "redemption-4", status: "released" },
    ]);
    // The uninstalled shop was not asked; the installed one was, for each of its codes.
    const deactivations = adminApi.store.requests.filter((request) => request.operationName === "TallyDeactivateRewardCode");
    expect(deactivations.map((request) => request.shop)).toEqual([INSTALLED, INSTALLED, INSTALLED]);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain(INSTALLED);
    expect(reported[0]).toContain("redemption redemption-3");
    expect(reported[0]).not.toMatch(/@example\.com/);
    // Expiry ran after the failure: the installed shop's idle members lost their available points.
    const expired = await t.db.prisma.transfer.findMany({ where: { shop: INSTALLED, code: "EXPIRY" }, select: { memberId: true, points: true } });
    expect(new Map(expired.map((transfer) => [transfer.memberId, transfer.points]))).toEqual(
      new Map([
        [members[`${INSTALLED}:2`], -800],
        [members[`${INSTALLED}:3`], -300],
        [members[`${INSTALLED}:4`], -800],
      ]),
    );
  });
});
