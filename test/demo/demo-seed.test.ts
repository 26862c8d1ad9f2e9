import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACTOR } from "~/demo/demo-history";
import { seedDemoShop, type DemoSeedSummary } from "~/demo/demo-seed.server";
import { deriveBalances, ZERO_BALANCES } from "~/loyalty/ledger/balances";
import { isTransferCode } from "~/loyalty/ledger/transfer-codes";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "tally-demo.myshopify.com";
const NOW = new Date("2026-11-23T12:00:00Z");

describe.each(testDatabaseKinds())("demo seed on %s", (kind) => {
  let t: TestDatabase;
  let first: DemoSeedSummary;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    first = await seedDemoShop(t.db, { shop: SHOP, now: NOW });
  });
  afterAll(() => t?.destroy());

  async function snapshot() {
    const prisma = t.db.prisma;
    return {
      shops: await prisma.shop.count(),
      members: await prisma.member.findMany({ where: { shop: SHOP }, orderBy: { customerId: "asc" }, select: { id: true, tier: true, tierSpend: true, email: true, accountState: true } }),
      transfers: await prisma.transfer.count({ where: { shop: SHOP } }),
      redemptions: await prisma.redemption.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, select: { id: true, code: true, status: true } }),
      balances: await prisma.balance.findMany({ where: { shop: SHOP }, orderBy: { memberId: "asc" }, omit: { updatedAt: true } }),
    };
  }

  it("creates the shop with the default program, about fifty members, and the offline session an install leaves", async () => {
    const shop = await findShop(t.db.prisma, SHOP);
    expect(shop?.rules).toEqual(defaultProgramRules());
    expect(first.members).toBe(50);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP } })).toBe(50);
    // Staff sign in with the demo cookie; the offline session is for the job runner's Admin API calls.
    expect(await t.db.prisma.session.findMany({ select: { shop: true, isOnline: true } })).toEqual([{ shop: SHOP, isOnline: false }]);
    expect(first.written).toBe(first.transfers);
    const states = await t.db.prisma.member.groupBy({ by: ["accountState"], _count: true });
    const enabled = states.find((state) => state.accountState === "enabled")?._count ?? 0;
    expect(enabled).toBeGreaterThan(40);
  });

  it("writes every kind of history the demo promises", async () => {
    const transfers = await t.db.prisma.transfer.findMany({ where: { shop: SHOP } });
    const codes = new Set(transfers.map((transfer) => transfer.code));
    for (const code of ["SIGNUP_BONUS", "PURCHASE", "REFUND_REVERSAL", "REDEMPTION", "REDEMPTION_RELEASE", "ADJUSTMENT"]) {
      expect(codes, code).toContain(code);
    }
    const signups = transfers.filter((transfer) => transfer.code === "SIGNUP_BONUS");
    const enabled = await t.db.prisma.member.count({ where: { shop: SHOP, accountState: "enabled" } });
    expect(signups).toHaveLength(enabled);
    expect(signups.every((transfer) => transfer.points === 100)).toBe(true);
    expect(transfers.filter((transfer) => transfer.code === "PURCHASE").length).toBeGreaterThan(100);
    expect(transfers.filter((transfer) => transfer.code === "ADJUSTMENT").every((transfer) => transfer.actor === DEMO_ACTOR && transfer.memo)).toBe(true);
    // Reversals come from refunds, and from the one order cancelled after payment.
    const reversals = transfers.filter((transfer) => transfer.reversesId !== null);
    expect(new Set(reversals.map((transfer) => transfer.code))).toEqual(new Set(["REFUND_REVERSAL", "CANCELLATION"]));
    expect(reversals.filter((transfer) => transfer.code === "CANCELLATION")).toHaveLength(1);
    // Every reservation is used, released or (for a couple of members) still open.
    const reservations = transfers.filter((transfer) => transfer.code === "REDEMPTION" && transfer.status === "pending");
    const resolved = new Set(transfers.map((transfer) => transfer.pendingId).filter(Boolean));
    const open = reservations.filter((reservation) => !resolved.has(reservation.id));
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open.length).toBeLessThanOrEqual(2);
    // Each hold is a code with its row, as a shopper's redemption leaves one, in the state the story left it.
    const rows = await t.db.prisma.redemption.findMany({ where: { shop: SHOP } });
    expect(rows).toHaveLength(reservations.length);
    const ends = new Map(transfers.flatMap((transfer) => (transfer.pendingId ? [[transfer.pendingId, transfer.status] as const] : [])));
    for (const reservation of reservations) {
      const row = rows.find((candidate) => candidate.reservationId === reservation.id);
      expect(row?.code, reservation.id).toMatch(/^TALLY-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      const end = ends.get(reservation.id);
      expect(row?.status, reservation.id).toBe(end === "posted" ? "used" : end === "voided" ? "released" : "issued");
      expect(JSON.parse(row?.reward ?? "null"), reservation.id).toMatchObject({ kind: "amount_off", points: -reservation.points });
    }
  });

  it("makes orders, referrals and points through the order path, so they agree", async () => {
    const prisma = t.db.prisma;
    const orders = await prisma.loyaltyOrder.findMany({ where: { shop: SHOP } });
    expect(first.orders).toBe(orders.length);
    expect(orders.length).toBeGreaterThan(150);
    // Guest checkouts: no member, recognised by email.
    const guests = orders.filter((order) => order.customerId === null);
    expect(guests.length).toBeGreaterThanOrEqual(8);
    expect(guests.every((order) => order.memberId === null && order.emailKey !== null)).toBe(true);
    // Every member order earned its purchase points, dated when it was paid.
    const purchases = await prisma.transfer.findMany({ where: { shop: SHOP, code: "PURCHASE" } });
    for (const order of orders.filter((candidate) => candidate.memberId !== null)) {
      const earned = purchases.find((transfer) => transfer.orderId === order.orderId);
      expect(earned?.points, order.orderId).toBe(order.earnedPoints);
      expect(earned?.createdAt.getTime(), order.orderId).toBe(order.paidAt?.getTime());
    }
    // Refunds reversed pro rata; one order was cancelled.
    const refunds = await prisma.orderRefund.findMany({ where: { shop: SHOP } });
    expect(refunds.length).toBeGreaterThanOrEqual(1);
    expect(orders.filter((order) => order.cancelledAt !== null)).toHaveLength(1);
    // Referrals: rewarded ones with the advocate's 500 points, and one rejection of each kind.
    const referrals = await prisma.referral.findMany({ where: { shop: SHOP } });
    expect(first.referrals).toBe(referrals.length);
    const rewarded = referrals.filter((referral) => referral.status === "rewarded");
    expect(rewarded).toHaveLength(8);
    const advocateRewards = await prisma.transfer.findMany({ where: { shop: SHOP, code: "REFERRAL_ADVOCATE" } });
    expect(advocateRewards.map((transfer) => transfer.orderId).sort()).toEqual(rewarded.map((referral) => referral.orderId).sort());
    expect(advocateRewards.every((transfer) => transfer.points === 500)).toBe(true);
    const reasons = referrals.filter((referral) => referral.status === "rejected").map((referral) => referral.reason);
    expect(reasons.sort()).toEqual(["not_first_order", "same_address", "same_email", "self_referral"]);
    // A year of history: members joined and points moved across it, up to the day of the seed.
    const members = await prisma.member.findMany({ where: { shop: SHOP }, select: { createdAt: true } });
    const ages = members.map((member) => (NOW.getTime() - member.createdAt.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeLessThan(366);
    expect(ages.filter((age) => age > 290).length).toBeGreaterThan(40);
    expect(ages.filter((age) => age < 90).length).toBeGreaterThanOrEqual(5);
    const dates = (await prisma.transfer.findMany({ where: { shop: SHOP }, select: { createdAt: true } })).map((transfer) => transfer.createdAt.getTime());
    expect(Math.max(...dates)).toBeLessThanOrEqual(NOW.getTime());
    expect(NOW.getTime() - Math.min(...dates)).toBeGreaterThan(300 * 86_400_000);
    expect(new Set(dates.map((date) => new Date(date).toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(12);
  });

  it("stores exactly the balances the transfers add up to", async () => {
    const transfers = await t.db.prisma.transfer.findMany({ where: { shop: SHOP } });
    const derived = deriveBalances(
      transfers.map((transfer) => {
        if (!isTransferCode(transfer.code)) throw new Error(`unknown code ${transfer.code}`);
        if (transfer.status !== "pending" && transfer.status !== "posted" && transfer.status !== "voided") throw new Error(`unknown status ${transfer.status}`);
        return { ...transfer, code: transfer.code, status: transfer.status };
      }),
    );
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP }, include: { balance: true } });
    for (const member of members) {
      const expected = derived.get(member.id) ?? ZERO_BALANCES;
      const stored = member.balance ?? { ...ZERO_BALANCES, available: 0 };
      expect({ posted: stored.posted, pendingCredit: stored.pendingCredit, pendingDebit: stored.pendingDebit, lifetimeEarned: stored.lifetimeEarned }, member.email ?? member.id).toEqual(expected);
      expect(stored.available, member.email ?? member.id).toBe(expected.posted - expected.pendingDebit);
      expect(stored.available, member.email ?? member.id).toBeGreaterThanOrEqual(0);
    }
  });

  it("gives every member the tier their qualifying spend earns, and every default tier is held", async () => {
    const { tiers } = defaultProgramRules();
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP } });
    for (const member of members) expect(member.tier, member.email ?? member.id).toBe(tierFor(member.tierSpend, tiers).key);
    const held = new Set(members.map((member) => member.tier));
    for (const tier of tiers) expect(held, tier.key).toContain(tier.key);
  });

  it("changes nothing when it runs again", async () => {
    const before = await snapshot();
    const again = await seedDemoShop(t.db, { shop: SHOP, now: NOW });
    expect(again.written).toBe(0);
    expect(again).toEqual({ ...first, written: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("replays on a later day too: the history ends on the day the shop was first seeded", async () => {
    const before = await snapshot();
    const nextWeek = await seedDemoShop(t.db, { shop: SHOP, now: new Date(NOW.getTime() + 7 * 86_400_000) });
    expect(nextWeek.written).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("replays after the merchant changed the program in the admin, and tiers members by the current tiers", async () => {
    const rules = defaultProgramRules();
    rules.signupBonus = 175;
    rules.earn.points = 3;
    rules.tiers = [
      { key: "member", name: "Member", threshold: 0, multiplierPercent: 100 },
      { key: "vip", name: "VIP", threshold: 100_000, multiplierPercent: 200 },
    ];
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });
    const { transfers, balances } = await snapshot();
    const again = await seedDemoShop(t.db, { shop: SHOP, now: NOW });
    expect(again.written).toBe(0);
    expect(await snapshot()).toMatchObject({ transfers, balances });
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP } });
    for (const member of members) expect(member.tier).toBe(tierFor(member.tierSpend, rules.tiers).key);
    expect(new Set(members.map((member) => member.tier))).toEqual(new Set(["member", "vip"]));
  });
});
