// The daily sums the dashboard reads (ledger_daily, order_daily) stay equal to the rows they sum through every
// way those rows change: pending points posted or voided, reversals, refunds (before and after payment),
// cancellations (before and after payment), test orders, and the shop's erasure. Orders come in through the
// webhook handlers the delivery worker runs, points through the ledger writer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactShop } from "~/loyalty/privacy/shop-redaction.server";
import { auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { Transfer } from "~/loyalty/ledger/transfers";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { deleteReferral, insertReferral, setReferralStatus, type ReferralRecord } from "~/loyalty/referrals/referral-store.server";
import { deliveryHandlers } from "~/webhooks/delivery-handlers.server";
import type { WebhookTopic } from "~/queue/delivery";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "rollups-test.myshopify.com";
const OTHER_SHOP = "rollups-other.myshopify.com";
const DAY_MS = 86_400_000;
const TODAY = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const noon = (daysAgo: number) => new Date(TODAY.getTime() - daysAgo * DAY_MS + 12 * 3_600_000);
const day = (daysAgo: number) => noon(daysAgo).toISOString().slice(0, 10);

const ann = { id: 1, first_name: "Ann", last_name: "Archer", email: "ann@example.com" };
const ben = { id: 2, first_name: "Ben", last_name: "Baker", email: "ben@example.com" };

interface DayRow {
  day: string;
  orders: number;
  revenue: number;
  memberOrders: number;
  memberRevenue: number;
}

function transferOf(outcome: LedgerOutcome): Transfer {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}: ${outcome.message}`);
  return outcome.transfer;
}

describe.each(testDatabaseKinds())("dashboard daily sums on %s", (kind) => {
  let t: TestDatabase;
  const param = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
  const deliver = (shop: string, topic: WebhookTopic, payload: unknown, daysAgo: number) =>
    deliveryHandlers[topic](t.db, shop, JSON.parse(JSON.stringify(payload)), noon(daysAgo));
  const paid = (id: number, customer: typeof ann | null, subtotal: string, daysAgo: number, extra: { test?: boolean } = {}) =>
    deliver(SHOP, "orders/paid", orderPayload({ id, customer, email: customer ? undefined : "guest@example.com", subtotal, processedAt: noon(daysAgo).toISOString(), ...extra }), daysAgo);

  /** order_daily as stored, and as the orders say it should be (counted: paid, not cancelled, not a test). */
  async function orderDays(shop: string): Promise<{ stored: DayRow[]; derived: DayRow[] }> {
    const stored = await t.sql<Record<string, unknown>>(
      `SELECT day, orders, revenue_minor, member_orders, member_revenue_minor FROM order_daily WHERE shop = ${param(1)} AND orders <> 0 ORDER BY day`,
      [shop],
    );
    const orders = await t.db.prisma.loyaltyOrder.findMany({ where: { shop, paidAt: { not: null }, cancelledAt: null, test: false } });
    const byDay = new Map<string, DayRow>();
    for (const order of orders) {
      const key = order.paidAt?.toISOString().slice(0, 10) ?? "";
      const row = byDay.get(key) ?? { day: key, orders: 0, revenue: 0, memberOrders: 0, memberRevenue: 0 };
      const net = order.eligibleMinor - order.refundedMinor;
      row.orders += 1;
      row.revenue += net;
      if (order.memberId) {
        row.memberOrders += 1;
        row.memberRevenue += net;
      }
      byDay.set(key, row);
    }
    return {
      stored: stored.map((row) => ({
        day: String(row.day),
        orders: Number(row.orders),
        revenue: Number(row.revenue_minor),
        memberOrders: Number(row.member_orders),
        memberRevenue: Number(row.member_revenue_minor),
      })),
      derived: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
    };
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Rollups", currencyCode: "USD" });
    await upsertShop(t.db.prisma, { domain: OTHER_SHOP, name: "Other", currencyCode: "USD" });
  });
  afterAll(() => t?.destroy());

  it("follows orders through payment, refunds, cancellations and test orders", async () => {
    await paid(101, ann, "100.00", 5);
    await paid(102, ann, "40.00", 5);
    await paid(201, ben, "80.00", 4);
    await paid(801, null, "30.00", 4);
    await paid(901, ann, "999.00", 4, { test: true });
    let days = await orderDays(SHOP);
    expect(days.stored).toEqual([
      { day: day(5), orders: 2, revenue: 14_000, memberOrders: 2, memberRevenue: 14_000 },
      { day: day(4), orders: 2, revenue: 11_000, memberOrders: 1, memberRevenue: 8_000 },
    ]);

    // A refund on a paid order, and a second one; a cancellation of a paid order.
    await deliver(SHOP, "refunds/create", refundPayload({ id: 9001, orderId: 201, lines: [{ subtotal: "20.00" }], createdAt: noon(3).toISOString() }), 3);
    await deliver(SHOP, "refunds/create", refundPayload({ id: 9002, orderId: 201, lines: [{ subtotal: "5.00" }], createdAt: noon(2).toISOString() }), 2);
    // A redelivered refund counts once.
    await deliver(SHOP, "refunds/create", refundPayload({ id: 9002, orderId: 201, lines: [{ subtotal: "5.00" }], createdAt: noon(2).toISOString() }), 2);
    await deliver(SHOP, "orders/cancelled", orderPayload({ id: 102, customer: ann, subtotal: "40.00", processedAt: noon(5).toISOString(), cancelledAt: noon(2).toISOString() }), 2);
    // A refund and a cancellation that arrive before their orders' payment: the rows exist unpaid, then get paid.
    await deliver(SHOP, "refunds/create", refundPayload({ id: 9003, orderId: 301, lines: [{ subtotal: "10.00" }], createdAt: noon(1).toISOString() }), 1);
    await paid(301, ben, "60.00", 1);
    await deliver(SHOP, "orders/cancelled", orderPayload({ id: 401, customer: ann, subtotal: "25.00", processedAt: noon(1).toISOString(), cancelledAt: noon(1).toISOString() }), 1);
    await paid(401, ann, "25.00", 1);
    // A repeated payment event changes nothing.
    await paid(101, ann, "100.00", 5);
    // Another shop's orders stay in its own rows.
    await deliver(OTHER_SHOP, "orders/paid", orderPayload({ id: 5001, customer: ann, subtotal: "70.00", processedAt: noon(4).toISOString() }), 4);

    days = await orderDays(SHOP);
    expect(days.stored).toEqual([
      { day: day(5), orders: 1, revenue: 10_000, memberOrders: 1, memberRevenue: 10_000 },
      { day: day(4), orders: 2, revenue: 8_500, memberOrders: 1, memberRevenue: 5_500 },
      { day: day(1), orders: 1, revenue: 5_000, memberOrders: 1, memberRevenue: 5_000 },
    ]);
    expect(days.stored).toEqual(days.derived);
    const other = await orderDays(OTHER_SHOP);
    expect(other.stored).toEqual([{ day: day(4), orders: 1, revenue: 7_000, memberOrders: 1, memberRevenue: 7_000 }]);
    expect(other.stored).toEqual(other.derived);
  });

  it("follows referrals through status changes, and their orders through refunds, cancellation and payment", async () => {
    /** referral_daily as stored, and as the referrals joined to their paid orders say it should be. */
    const referralDays = async () => {
      const stored = await t.sql<Record<string, unknown>>(
        `SELECT day, status, reason, referrals, revenue_minor FROM referral_daily WHERE shop = ${param(1)} AND referrals <> 0 ORDER BY day, status, reason`,
        [SHOP],
      );
      const referrals = await t.db.prisma.referral.findMany({ where: { shop: SHOP } });
      const orders = await t.db.prisma.loyaltyOrder.findMany({ where: { shop: SHOP, orderId: { in: referrals.map((r) => r.orderId) } } });
      const byKey = new Map<string, { day: string; status: string; reason: string; referrals: number; revenue: number }>();
      for (const referral of referrals) {
        const order = orders.find((o) => o.orderId === referral.orderId);
        if (!order?.paidAt) continue;
        const key = { day: order.paidAt.toISOString().slice(0, 10), status: referral.status, reason: referral.reason ?? "" };
        const id = `${key.day} ${key.status} ${key.reason}`;
        const row = byKey.get(id) ?? { ...key, referrals: 0, revenue: 0 };
        row.referrals += 1;
        row.revenue += order.cancelledAt === null && !order.test ? order.eligibleMinor - order.refundedMinor : 0;
        byKey.set(id, row);
      }
      return {
        stored: stored.map((row) => ({ day: String(row.day), status: String(row.status), reason: String(row.reason), referrals: Number(row.referrals), revenue: Number(row.revenue_minor) })),
        derived: [...byKey.values()].sort((a, b) => `${a.day} ${a.status} ${a.reason}`.localeCompare(`${b.day} ${b.status} ${b.reason}`)),
      };
    };
    const now = noon(0);
    const advocate = (await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } })).id;
    // Through the referral writer, which keeps referral_daily (app/loyalty/referrals/referral-rollups.server.ts).
    const refer = (id: string, orderId: string, status: ReferralRecord["status"], reason: string | null) =>
      insertReferral(t.db, { id, shop: SHOP, advocateMemberId: advocate, orderId, code: "CODE", status, reason, createdAt: now });
    // Ben's order 201 (80.00 less 25.00 refunded) and his order 301 (60.00 less 10.00), both referred.
    await refer("r1", "201", "pending", null);
    await refer("r2", "301", "rejected", "same_address");
    // A referral whose order has not been paid yet counts from the payment on.
    await refer("r3", "601", "pending", null);
    expect((await referralDays()).stored).toEqual([
      { day: day(4), status: "pending", reason: "", referrals: 1, revenue: 5_500 },
      { day: day(1), status: "rejected", reason: "same_address", referrals: 1, revenue: 5_000 },
    ]);

    await setReferralStatus(t.db, "r1", "rewarded", null, now);
    await deliver(SHOP, "refunds/create", refundPayload({ id: 9004, orderId: 201, lines: [{ subtotal: "15.00" }], createdAt: noon(1).toISOString() }), 1);
    await deliver(SHOP, "orders/cancelled", orderPayload({ id: 301, customer: ben, subtotal: "60.00", processedAt: noon(1).toISOString(), cancelledAt: noon(0).toISOString() }), 0);
    await paid(601, ben, "45.00", 0);
    await deleteReferral(t.db, "r2");
    await refer("r4", "801", "rejected", "self_referral");
    const days = await referralDays();
    expect(days.stored).toEqual([
      { day: day(4), status: "rejected", reason: "self_referral", referrals: 1, revenue: 3_000 },
      { day: day(4), status: "rewarded", reason: "", referrals: 1, revenue: 4_000 },
      { day: day(0), status: "pending", reason: "", referrals: 1, revenue: 4_500 },
    ]);
    expect(days.stored).toEqual(days.derived);
  });

  it("moves points between statuses as pending transfers are posted, voided and reversed", async () => {
    const ann = await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } });
    const { ledger } = t.db;
    const posted = async () =>
      Object.fromEntries(
        (await t.sql<{ code: string; status: string; points: unknown }>(`SELECT code, status, SUM(points) AS points FROM ledger_daily WHERE shop = ${param(1)} GROUP BY code, status`, [SHOP]))
          .map((row) => [`${row.code} ${row.status}`, Number(row.points)])
          .filter(([, points]) => points !== 0),
      );
    const before = await posted();
    const held = transferOf(await ledger.reservePointsForReward({ shop: SHOP, memberId: ann.id, points: 30, idempotencyKey: "rollups:reserve:1" }));
    await ledger.postPendingTransfer({ shop: SHOP, pendingId: held.id, idempotencyKey: "rollups:reserve:1:used" });
    const released = transferOf(await ledger.reservePointsForReward({ shop: SHOP, memberId: ann.id, points: 20, idempotencyKey: "rollups:reserve:2" }));
    await ledger.voidPendingTransfer({ shop: SHOP, pendingId: released.id, code: "REDEMPTION_RELEASE", idempotencyKey: "rollups:reserve:2:release" });
    const bonus = transferOf(await ledger.recordTransfer({ shop: SHOP, memberId: ann.id, code: "ADJUSTMENT", points: 15, status: "posted", idempotencyKey: "rollups:bonus" }));
    await ledger.reverseTransfer({ shop: SHOP, transferId: bonus.id, points: 5, code: "ADJUSTMENT", idempotencyKey: "rollups:bonus:undo" });

    const after = await posted();
    const change = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    // Both reservations stay as pending rows; the first is posted as spent, the second voided by its release.
    expect(change("REDEMPTION pending")).toBe(-50);
    expect(change("REDEMPTION posted")).toBe(-30);
    expect(change("REDEMPTION_RELEASE voided")).toBe(-20);
    expect(change("ADJUSTMENT posted")).toBe(10);
    expect(await auditDailySums(t.db)).toMatchObject({ drift: [] });
  });

  it("erases the shop's ledger sums with its ledger on shop/redact, and keeps the other shop's", async () => {
    const otherBefore = await t.sql(`SELECT day, code, status, points, transfers FROM ledger_daily WHERE shop = ${param(1)} ORDER BY day, code, status`, [OTHER_SHOP]);
    expect(otherBefore.length).toBeGreaterThan(0);
    expect(await t.db.prisma.ledgerDaily.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    await redactShop(t.db, SHOP);
    expect(await t.db.prisma.ledgerDaily.count({ where: { shop: SHOP } })).toBe(0);
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP } })).toBe(0);
    expect(await t.sql(`SELECT day, code, status, points, transfers FROM ledger_daily WHERE shop = ${param(1)} ORDER BY day, code, status`, [OTHER_SHOP])).toEqual(otherBefore);
    expect(await auditDailySums(t.db)).toMatchObject({ drift: [] });
  });
});
