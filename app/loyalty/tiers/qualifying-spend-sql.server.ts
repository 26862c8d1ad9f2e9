// The SQL form of qualifyingSpendOf (qualifying-spend.ts), for recounting every member of a shop in one statement
// after a program save. test/loyalty/qualifying-spend-sql.test.ts holds the two equal.
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { qualifyingWindow } from "./qualifying-spend";

/** The qualifying spend up to `until` of the member whose id is `memberId` (a column of the outer statement). */
export function qualifyingSpendSql(shop: string, memberId: Sql.Sql, rules: ProgramRules, until: Date): Sql.Sql {
  const window = qualifyingWindow(rules, until);
  return Sql.sql`COALESCE((
    SELECT SUM(CASE WHEN o.eligible_minor > o.refunded_minor THEN o.eligible_minor - o.refunded_minor ELSE 0 END)
    FROM orders o
    WHERE o.shop = ${shop} AND o.member_id = ${memberId} AND o.cancelled_at IS NULL
      AND o.paid_at >= ${window.since} AND o.paid_at < ${window.until}
      ${rules.earn.includeTestOrders ? Sql.empty : Sql.sql`AND NOT o.test`}
  ), 0)`;
}
