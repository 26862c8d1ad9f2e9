// The order rollups of a shop rebuilt from its orders in a few statements, for bulk loads that insert orders
// around the order writer (the benchmarks' seeds). The same sums writeOrders keeps one order at a time, from the
// SQL forms of a counted order (counted-order.ts); test/loyalty/order-rollups.test.ts holds the two equal.
import type { TallyDatabase } from "~/db/database.server";
import { countedOrderSql, CUSTOMER_ACTIVE_DAYS, netRevenueSql, shopperSql } from "./counted-order";

interface Dialect {
  /** A timestamp column's UTC day, YYYY-MM-DD. */
  day(column: string): string;
  /** A YYYY-MM-DD text `days` later. */
  plusDays(day: string, days: number): string;
  /** Days from the YYYY-MM-DD text `earlier` to `later`. */
  apart(earlier: string, later: string): string;
  shop: string;
}

const DIALECTS: Record<TallyDatabase["kind"], Dialect> = {
  sqlite: {
    day: (column) => `substr(${column}, 1, 10)`,
    plusDays: (day, days) => `date(${day}, '+${days} days')`,
    apart: (earlier, later) => `(julianday(${later}) - julianday(${earlier}))`,
    shop: "?",
  },
  postgres: {
    day: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
    plusDays: (day, days) => `to_char(${day}::date + ${days}, 'YYYY-MM-DD')`,
    apart: (earlier, later) => `(${later}::date - ${earlier}::date)`,
    shop: "$1",
  },
};

/** Replaces the shop's order_daily, referral_daily, shopper_order_days, customer_gains and customer_lapses. */
export function rebuildOrderRollups(db: TallyDatabase, shop: string): Promise<void> {
  const d = DIALECTS[db.kind];
  const counted = countedOrderSql("o");
  const revenue = netRevenueSql("o");
  const lapseAfter = CUSTOMER_ACTIVE_DAYS + 1;
  const statements = [
    `DELETE FROM order_daily WHERE shop = ${d.shop}`,
    `DELETE FROM referral_daily WHERE shop = ${d.shop}`,
    `DELETE FROM shopper_order_days WHERE shop = ${d.shop}`,
    `DELETE FROM customer_gains WHERE shop = ${d.shop}`,
    `DELETE FROM customer_lapses WHERE shop = ${d.shop}`,
    `INSERT INTO order_daily (shop, day, orders, revenue_minor, member_orders, member_revenue_minor)
     SELECT o.shop, ${d.day("o.paid_at")}, COUNT(*), SUM(${revenue}),
            SUM(CASE WHEN o.member_id IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN o.member_id IS NOT NULL THEN ${revenue} ELSE 0 END)
     FROM orders o WHERE o.shop = ${d.shop} AND ${counted}
     GROUP BY o.shop, ${d.day("o.paid_at")}`,
    `INSERT INTO referral_daily (shop, day, status, reason, referrals, revenue_minor)
     SELECT r.shop, ${d.day("o.paid_at")}, r.status, COALESCE(r.reason, ''), COUNT(*), SUM(CASE WHEN ${counted} THEN ${revenue} ELSE 0 END)
     FROM referrals r JOIN orders o ON o.shop = r.shop AND o.order_id = r.order_id
     WHERE r.shop = ${d.shop} AND o.paid_at IS NOT NULL
     GROUP BY r.shop, ${d.day("o.paid_at")}, r.status, COALESCE(r.reason, '')`,
    `INSERT INTO shopper_order_days (shop, shopper, day, member, orders, prev_day, next_day)
     SELECT shop, shopper, day, member, orders,
            COALESCE(LAG(day) OVER (PARTITION BY shop, shopper ORDER BY day), ''), COALESCE(LEAD(day) OVER (PARTITION BY shop, shopper ORDER BY day), '')
     FROM (
       SELECT o.shop, ${shopperSql("o")} AS shopper, ${d.day("o.paid_at")} AS day, o.member_id IS NOT NULL AS member, COUNT(*) AS orders
       FROM orders o WHERE o.shop = ${d.shop} AND ${counted} AND ${shopperSql("o")} IS NOT NULL
       GROUP BY 1, 2, 3, 4
     ) AS days`,
    `INSERT INTO customer_gains (shop, day, lapsed_since, members)
     SELECT shop, ${d.plusDays("day", 1)}, CASE WHEN prev_day = '' THEN '' ELSE ${d.plusDays("prev_day", lapseAfter)} END, COUNT(*)
     FROM shopper_order_days
     WHERE shop = ${d.shop} AND shopper LIKE 'member:%' AND (prev_day = '' OR ${d.apart("prev_day", "day")} > ${CUSTOMER_ACTIVE_DAYS})
     GROUP BY 1, 2, 3`,
    `INSERT INTO customer_lapses (shop, day, members)
     SELECT shop, ${d.plusDays("day", lapseAfter)}, COUNT(*)
     FROM shopper_order_days
     WHERE shop = ${d.shop} AND shopper LIKE 'member:%' AND (next_day = '' OR ${d.apart("day", "next_day")} > ${CUSTOMER_ACTIVE_DAYS})
     GROUP BY 1, 2`,
  ];
  return db.transaction(async (tx) => {
    for (const statement of statements) await tx.prisma.$executeRawUnsafe(statement, shop);
  });
}
