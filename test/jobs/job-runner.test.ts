// The job runner's time-based work with an injected clock: lapsed reward codes and points expiry.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { SHOP, seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const DAY = 86_400_000;

describe.each(testDatabaseKinds())("job runner on %s", (kind) => {
  let t: TestDatabase;
  let members: string[];
  const deactivated: string[] = [];
  const dependencies = { deactivateDiscount: async (_shop: string, id: string) => void deactivated.push(id) };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 3);
  });
  afterAll(() => t.destroy());

  async function balance(memberId: string) {
    return t.db.prisma.balance.findUnique({ where: { memberId } });
  }

  it("disables a reward code unused after its lifetime and gives the points back, once", async () => {
    const memberId = members[0] as string;
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "PURCHASE", points: 800, status: "posted", idempotencyKey: "order:1:earn" });
    const hold = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId, points: 500, idempotencyKey: "redeem:1" });
    if (!hold.ok) throw new Error(hold.message);
    const issuedAt = new Date();
    await t.db.prisma.redemption.create({
      data: { id: randomUUID(), shop: SHOP, memberId, code: "TALLY-AAAA-BBBB", points: 500, reservationId: hold.transfer.id, status: "issued", expiresAt: new Date(issuedAt.getTime() + DAY), discountId: "gid://shopify/DiscountCodeNode/1", createdAt: issuedAt, updatedAt: issuedAt },
    });
    expect(await balance(memberId)).toMatchObject({ available: 300, pendingDebit: 500 });

    expect((await runDueJobs(t.db, new Date(issuedAt.getTime() + DAY - 1000), dependencies)).redemptionsReleased).toBe(0);
    expect((await runDueJobs(t.db, new Date(issuedAt.getTime() + DAY), dependencies)).redemptionsReleased).toBe(1);
    expect(deactivated).toEqual(["gid://shopify/DiscountCodeNode/1"]);
    expect(await balance(memberId)).toMatchObject({ available: 800, pendingDebit: 0, posted: 800 });
    expect(await t.db.prisma.redemption.findFirst({ where: { code: "TALLY-AAAA-BBBB" } })).toMatchObject({ status: "released" });
    expect((await runDueJobs(t.db, new Date(issuedAt.getTime() + 2 * DAY), dependencies)).redemptionsReleased).toBe(0);
  });

  it("expires points after the months without a purchase the program sets, and only when expiry is on", async () => {
    const memberId = members[1] as string;
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "PURCHASE", points: 250, status: "posted", idempotencyKey: "order:2:earn" });
    const paidAt = new Date("2026-01-10T12:00:00Z");
    await t.db.prisma.loyaltyOrder.create({ data: { shop: SHOP, orderId: "2", memberId, customerId: "2", paidAt, eligibleMinor: 25_000, earnedPoints: 250, createdAt: paidAt, updatedAt: paidAt } });
    const later = new Date("2027-02-01T12:00:00Z");
    expect((await runDueJobs(t.db, later, dependencies)).membersExpired).toBe(0);

    const rules = defaultProgramRules();
    rules.expiry = { enabled: true, monthsWithoutPurchase: 12 };
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });
    expect((await runDueJobs(t.db, new Date("2026-12-01T12:00:00Z"), dependencies)).membersExpired).toBe(0);
    const run = await runDueJobs(t.db, later, dependencies);
    expect(run.membersExpired).toBeGreaterThanOrEqual(1);
    expect(await balance(memberId)).toMatchObject({ posted: 0, available: 0, lifetimeEarned: 250 });
    const expiry = await t.db.prisma.transfer.findFirst({ where: { memberId, code: "EXPIRY" } });
    expect(expiry).toMatchObject({ points: -250, status: "posted" });
    expect((await runDueJobs(t.db, new Date("2027-03-01T12:00:00Z"), dependencies)).membersExpired).toBe(0);
  });
});
