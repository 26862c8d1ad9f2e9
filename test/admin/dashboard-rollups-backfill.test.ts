// An install from before the dashboard's daily sums: its transfers, orders and referrals were written without
// them. The migration that adds ledger_daily, order_daily and referral_daily must fill them from those rows, so
// the dashboard is right the moment the upgrade is done; and from then on the triggers keep the order and
// referral sums in step.
import { afterEach, describe, expect, it } from "vitest";
import { writeOrders } from "~/loyalty/earning/order-rollups.server";
import { auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import { testDatabaseKinds } from "../support/test-database";
import { upgradedInstall, type Install } from "../support/upgraded-install";

const MIGRATION = "20261128073144_dashboard_rollups";
const SHOP = "upgrade-test.myshopify.com";

const TRANSFERS: Array<[string, string, number, string, string]> = [
  // id, code, points, status, created_at (UTC)
  ["t1", "PURCHASE", 500, "posted", "2026-03-01T10:00:00.000"],
  ["t2", "PURCHASE", 70, "pending", "2026-03-01T23:59:59.999"],
  ["t3", "PURCHASE", 70, "posted", "2026-03-02T00:00:00.000"],
  ["t4", "REDEMPTION", -200, "pending", "2026-03-02T08:00:00.000"],
  ["t5", "REDEMPTION_RELEASE", -200, "voided", "2026-03-02T09:00:00.000"],
  ["t6", "REFUND_REVERSAL", -120, "posted", "2026-03-02T10:00:00.000"],
];
const ORDERS: Array<[string, string | null, string | null, number, number, string | null, boolean]> = [
  // order id, member, paid_at, eligible, refunded, cancelled_at, test
  ["o1", "m1", "2026-03-01T10:00:00.000", 10_000, 2_000, null, false],
  ["o2", null, "2026-03-01T12:00:00.000", 3_000, 0, null, false],
  ["o3", "m1", "2026-03-01T13:00:00.000", 9_000, 0, "2026-03-02T00:00:00.000", false],
  ["o4", "m1", "2026-03-02T13:00:00.000", 99_900, 0, null, true],
  ["o5", "m1", null, 5_000, 0, null, false],
  ["o6", "m1", "2026-03-02T14:00:00.000", 4_000, 500, null, false],
];

async function upgradedToRollups(kind: "sqlite" | "postgres"): Promise<Install> {
  const values = (rows: unknown[][], text: (value: unknown) => string) => rows.map((row) => `(${row.map(text).join(", ")})`).join(", ");
  const transfers = (stamp: (at: string) => string) =>
    `INSERT INTO transfers (id, shop, member_id, code, points, status, idempotency_key, fingerprint, actor, created_at) VALUES ${values(
      TRANSFERS.map(([id, code, points, status, at]) => [id, SHOP, "m1", code, points, status, `key-${id}`, "f", "system", stamp(at)]),
      (value) => (typeof value === "number" ? String(value) : `'${String(value)}'`),
    )}`;
  const orders = (stamp: (at: string) => string, bool: (value: boolean) => string) =>
    `INSERT INTO orders (shop, order_id, member_id, paid_at, eligible_minor, refunded_minor, cancelled_at, test, created_at, updated_at) VALUES ${ORDERS.map(
      ([id, member, paid, eligible, refunded, cancelled, test]) =>
        `('${SHOP}', '${id}', ${member ? `'${member}'` : "NULL"}, ${paid ? `'${stamp(paid)}'` : "NULL"}, ${eligible}, ${refunded}, ${cancelled ? `'${stamp(cancelled)}'` : "NULL"}, ${bool(test)}, '${stamp("2026-03-01T00:00:00.000")}', '${stamp("2026-03-01T00:00:00.000")}')`,
    ).join(", ")}`;
  const referrals = (stamp: string) =>
    `INSERT INTO referrals (id, shop, advocate_member_id, order_id, code, status, reason, created_at, updated_at) VALUES ${[
      ["r1", "o1", "rewarded", "NULL"],
      ["r2", "o3", "rejected", "'same_email'"],
      ["r3", "o5", "pending", "NULL"],
    ]
      .map(([id, order, status, reason]) => `('${id}', '${SHOP}', 'm1', '${order}', 'CODE1', '${status}', ${reason}, '${stamp}', '${stamp}')`)
      .join(", ")}`;
  const member = (stamp: string) =>
    `INSERT INTO members (id, shop, customer_id, tier, created_at, updated_at, referral_code) VALUES ('m1', '${SHOP}', '1', 'member', '${stamp}', '${stamp}', 'CODE1')`;

  return upgradedInstall(kind, MIGRATION, async ({ sql, stamp, bool }) => {
    await sql(member(stamp("2026-03-01T00:00:00.000")));
    await sql(transfers(stamp));
    await sql(orders(stamp, bool));
    await sql(referrals(stamp("2026-03-01T00:00:00.000")));
  });
}

describe.each(testDatabaseKinds())("upgrading to the dashboard's daily sums on %s", (kind) => {
  let install: Install | undefined;
  afterEach(() => install?.destroy());

  it("fills the daily sums from the rows already there, then keeps the order and referral sums in step", async () => {
    const upgraded = await upgradedToRollups(kind);
    install = upgraded;
    const ledger = await upgraded.sql(`SELECT day, code, status, points, transfers FROM ledger_daily ORDER BY day, code, status`);
    expect(ledger.map((row) => ({ ...row, points: Number(row.points), transfers: Number(row.transfers) }))).toEqual([
      { day: "2026-03-01", code: "PURCHASE", status: "pending", points: 70, transfers: 1 },
      { day: "2026-03-01", code: "PURCHASE", status: "posted", points: 500, transfers: 1 },
      { day: "2026-03-02", code: "PURCHASE", status: "posted", points: 70, transfers: 1 },
      { day: "2026-03-02", code: "REDEMPTION", status: "pending", points: -200, transfers: 1 },
      { day: "2026-03-02", code: "REDEMPTION_RELEASE", status: "voided", points: -200, transfers: 1 },
      { day: "2026-03-02", code: "REFUND_REVERSAL", status: "posted", points: -120, transfers: 1 },
    ]);
    expect(await auditDailySums(upgraded.db)).toEqual({ groupsChecked: 6, drift: [] });

    const orderDays = async () =>
      (await upgraded.sql(`SELECT day, orders, revenue_minor, member_orders, member_revenue_minor FROM order_daily ORDER BY day`)).map((row) => [
        row.day,
        Number(row.orders),
        Number(row.revenue_minor),
        Number(row.member_orders),
        Number(row.member_revenue_minor),
      ]);
    // o1 (100.00 less 20.00) and the guest's o2 on the 1st; o3 cancelled, o4 a test, o5 unpaid; o6 on the 2nd.
    expect(await orderDays()).toEqual([
      ["2026-03-01", 2, 11_000, 1, 8_000],
      ["2026-03-02", 1, 3_500, 1, 3_500],
    ]);
    const referralDays = async () =>
      (await upgraded.sql(`SELECT day, status, reason, referrals, revenue_minor FROM referral_daily WHERE referrals <> 0 ORDER BY day, status`)).map((row) => [
        row.day,
        row.status,
        row.reason,
        Number(row.referrals),
        Number(row.revenue_minor),
      ]);
    // o1's referral with its 80.00; o3's, cancelled, with nothing; o5's waits for its payment.
    expect(await referralDays()).toEqual([
      ["2026-03-01", "rejected", "same_email", 1, 0],
      ["2026-03-01", "rewarded", "", 1, 8_000],
    ]);
    // After the upgrade the order writer takes over: o5 gets paid on the 2nd.
    await writeOrders(upgraded.db, SHOP, ["o5"], (tx) =>
      tx.prisma.loyaltyOrder.update({ where: { shop_orderId: { shop: SHOP, orderId: "o5" } }, data: { paidAt: new Date("2026-03-02T15:00:00Z") } }),
    );
    expect(await orderDays()).toEqual([
      ["2026-03-01", 2, 11_000, 1, 8_000],
      ["2026-03-02", 2, 8_500, 2, 8_500],
    ]);
    expect(await referralDays()).toEqual([
      ["2026-03-01", "rejected", "same_email", 1, 0],
      ["2026-03-01", "rewarded", "", 1, 8_000],
      ["2026-03-02", "pending", "", 1, 5_000],
    ]);
  });
});
