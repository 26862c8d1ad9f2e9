// The SQL form of qualifyingTotalOf (qualifying-total.ts), for recounting every member of a shop in one statement
// after a program save and in the daily tier check. test/loyalty/qualifying-total-sql.test.ts holds the two equal.
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import type { ProgramRules, TierMeasure } from "~/loyalty/program/program-rules";
import { qualifyingWindow } from "./qualifying-total";

/** qualifyingAmount of the order `o`, in `measure`. */
function amountSql(measure: TierMeasure): Sql.Sql {
  if (measure === "spend") return Sql.sql`CASE WHEN o.eligible_minor > o.refunded_minor THEN o.eligible_minor - o.refunded_minor ELSE 0 END`;
  if (measure === "orders") return Sql.sql`CASE WHEN o.eligible_minor > o.refunded_minor THEN 1 ELSE 0 END`;
  // reversedPointsForRefunds: floor(earned × min(refunded, eligible) / eligible), in 64 bits (the product of two
  // 32-bit columns overflows PostgreSQL's integer); both sides are never negative, so integer division floors.
  return Sql.sql`CASE
    WHEN o.earned_points IS NULL OR o.earned_points <= 0 THEN 0
    WHEN o.eligible_minor <= 0 OR o.refunded_minor <= 0 THEN o.earned_points
    ELSE o.earned_points - CAST(o.earned_points AS BIGINT) * (CASE WHEN o.refunded_minor < o.eligible_minor THEN o.refunded_minor ELSE o.eligible_minor END) / o.eligible_minor
  END`;
}

/** The qualifying total up to `until` of the member whose id is `memberId` (a column of the outer statement). */
export function qualifyingTotalSql(shop: string, memberId: Sql.Sql, rules: ProgramRules, until: Date): Sql.Sql {
  const window = qualifyingWindow(rules, until);
  return Sql.sql`COALESCE((
    SELECT SUM(${amountSql(rules.tierMeasure)})
    FROM orders o
    WHERE o.shop = ${shop} AND o.member_id = ${memberId} AND o.cancelled_at IS NULL
      AND o.paid_at >= ${window.since} AND o.paid_at < ${window.until}
      ${rules.earn.includeTestOrders ? Sql.empty : Sql.sql`AND NOT o.test`}
  ), 0)`;
}
