// The dashboard's figures, read live from the database on every load: points, revenue and referrals from the
// daily sums kept in the transaction of every transfer, order and referral write (ledger_daily, order_daily,
// referral_daily: docs/decisions/014-live-dashboard-rollups.md), the rest by aggregate queries over the shop's indexes, never a row per member
// or per transfer brought into the app. Formulas live in dashboard-metrics.ts. The covering
// indexes these queries read are in prisma/schema.prisma, each with the query it serves.
//
// Raw SQL that means the same on SQLite and PostgreSQL: sums are cast to BIGINT (PostgreSQL's SUM of integers is
// NUMERIC), booleans are bound as parameters (SQLite stores them as 0/1), and days are the rollups' UTC
// YYYY-MM-DD text, compared as text in both.
import { z } from "zod";
import type { TallyDatabase } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { countsAsEarned, isTransferCode } from "~/loyalty/ledger/transfer-codes";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import {
  averageLifetimeValue,
  bucketByPeriod,
  customerRetentionRate,
  pointsValueMinor,
  redemptionRate,
  repeatPurchaseRate,
  type Bucket,
  type DayTotal,
} from "./dashboard-metrics";
import type { DashboardPeriod } from "./dashboard-period";

const DAY_MS = 86_400_000;
/** A member counts as a customer at a moment when they paid for an order in this many days before it. */
export const CUSTOMER_ACTIVE_DAYS = 365;

export interface ShopperRepeat {
  shoppers: number;
  repeatShoppers: number;
  rate: number | null;
}

export interface DashboardData {
  currencyCode: string;
  period: Pick<DashboardPeriod, "preset" | "fromDay" | "toDay" | "days" | "bucket">;
  members: { total: number; joined: number };
  points: {
    issued: number;
    redeemed: number;
    expired: number;
    outstanding: number;
    liabilityMinor: number;
    redemptionRate: number | null;
    /** The program's redemption rate: `points` buy `unitMinor` off. */
    rate: { points: number; unitMinor: number };
  };
  referrals: { referredOrders: number; rewarded: number; pending: number; cancelled: number; rejected: { reason: string; count: number }[] };
  revenue: { membersMinor: number; referredMinor: number; allMinor: number };
  repeat: { members: ShopperRepeat; nonMembers: ShopperRepeat };
  retention: { atStart: number; atEnd: number; added: number; rate: number | null };
  lifetimeValue: { customers: number; totalMinor: number; averageMinor: number | null };
  charts: { issued: Bucket[]; redeemed: Bucket[]; revenue: Bucket[] };
}

const int = z.coerce.number().int();
const nullableInt = z.union([z.null(), z.coerce.number().int()]).transform((value) => value ?? 0);

/**
 * A column SQLite must not pick an index by: its unary + keeps the planner off a range over `column`, where
 * another index serves the query better. PostgreSQL plans by statistics and has no + for timestamps.
 */
function noIndex(kind: TallyDatabase["kind"], column: Sql.Sql): Sql.Sql {
  return kind === "postgres" ? column : Sql.sql`+${column}`;
}

/** Paid orders that count as revenue: not cancelled, not test orders. */
const countedOrder = Sql.sql`o.paid_at IS NOT NULL AND o.cancelled_at IS NULL AND o.test = ${false}`;
/** An order's revenue: its eligible spend less what was refunded of it. */
const net = Sql.sql`(o.eligible_minor - o.refunded_minor)`;

async function rows<T>(db: TallyDatabase, schema: z.ZodType<T>, query: Sql.Sql): Promise<T[]> {
  const raw = await db.prisma.$queryRaw<unknown[]>(query);
  return raw.map((row) => schema.parse(row));
}

async function memberCounts(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  const [row] = await rows(
    db,
    z.object({ total: int, joined: nullableInt }),
    Sql.sql`SELECT COUNT(*) AS total,
                   CAST(SUM(CASE WHEN m.created_at >= ${period.start} AND m.created_at < ${period.end} THEN 1 ELSE 0 END) AS BIGINT) AS joined
            FROM members m WHERE m.shop = ${shop}`,
  );
  return row ?? { total: 0, joined: 0 };
}

/**
 * Points posted and not yet spent, over all time: the sum of the shop's posted daily sums, equal by construction
 * to the sum of its balances' posted points (both are the posted transfers) and a few rows per day to read.
 */
async function outstandingPoints(db: TallyDatabase, shop: string): Promise<number> {
  const [row] = await rows(
    db,
    z.object({ posted: nullableInt }),
    Sql.sql`SELECT CAST(SUM(d.points) AS BIGINT) AS posted FROM ledger_daily d WHERE d.shop = ${shop} AND d.status = 'posted'`,
  );
  return row?.posted ?? 0;
}

/** Posted points per code and day of the period, from the ledger's daily sums. */
async function pointsByCodeAndDay(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  return rows(
    db,
    z.object({ code: z.string(), day: z.string(), points: nullableInt }),
    Sql.sql`SELECT d.code, d.day, CAST(d.points AS BIGINT) AS points
            FROM ledger_daily d
            WHERE d.shop = ${shop} AND d.day >= ${period.fromDay} AND d.day <= ${period.toDay} AND d.status = 'posted'`,
  );
}

/**
 * Referrals by outcome, for the referred orders paid in the period, with what those orders brought in (counted
 * orders only), from the referrals' daily sums. A reason is stored as "" when there is none.
 */
async function referralOutcomes(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  const outcomes = await rows(
    db,
    z.object({ status: z.string(), reason: z.string(), count: int, revenue: nullableInt }),
    Sql.sql`SELECT d.status, d.reason, CAST(SUM(d.referrals) AS BIGINT) AS count, CAST(SUM(d.revenue_minor) AS BIGINT) AS revenue
            FROM referral_daily d
            WHERE d.shop = ${shop} AND d.day >= ${period.fromDay} AND d.day <= ${period.toDay}
            GROUP BY d.status, d.reason`,
  );
  // Rows whose referrals all moved to another status or day sum to none: no outcome to show.
  return outcomes.filter((row) => row.count !== 0).map((row) => ({ ...row, reason: row.reason === "" ? null : row.reason }));
}

/** Revenue per day, from members and in all, from the orders' daily sums. */
async function revenueByDay(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  return rows(
    db,
    z.object({ day: z.string(), members: nullableInt, total: nullableInt }),
    Sql.sql`SELECT d.day, CAST(d.member_revenue_minor AS BIGINT) AS members, CAST(d.revenue_minor AS BIGINT) AS total
            FROM order_daily d
            WHERE d.shop = ${shop} AND d.day >= ${period.fromDay} AND d.day <= ${period.toDay}`,
  );
}

const repeatRow = z.object({ shoppers: int, repeaters: nullableInt });

/**
 * Shoppers of the period and how many paid for two orders or more. Members are told apart by their member
 * account (read from the index alone); non-members by their Shopify customer id, failing that (a guest
 * checkout) by their normalized email, and only their orders are read from the table.
 */
async function repeatShoppers(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  const inPeriod = Sql.sql`o.shop = ${shop} AND o.paid_at >= ${period.start} AND o.paid_at < ${period.end} AND ${countedOrder}`;
  const shopper = Sql.sql`COALESCE('customer:' || o.customer_id, 'email:' || o.email_key)`;
  const [members] = await rows(
    db,
    repeatRow,
    Sql.sql`SELECT COUNT(*) AS shoppers, CAST(SUM(CASE WHEN s.orders >= 2 THEN 1 ELSE 0 END) AS BIGINT) AS repeaters
            FROM (SELECT o.member_id, COUNT(*) AS orders FROM orders o WHERE ${inPeriod} AND o.member_id IS NOT NULL GROUP BY o.member_id) s`,
  );
  const [others] = await rows(
    db,
    repeatRow,
    Sql.sql`SELECT COUNT(*) AS shoppers, CAST(SUM(CASE WHEN s.orders >= 2 THEN 1 ELSE 0 END) AS BIGINT) AS repeaters
            FROM (
              SELECT ${shopper} AS shopper, COUNT(*) AS orders FROM orders o
              WHERE ${inPeriod} AND o.member_id IS NULL AND (o.customer_id IS NOT NULL OR o.email_key IS NOT NULL)
              GROUP BY ${shopper}
            ) s`,
  );
  return { members: repeatOf(members), nonMembers: repeatOf(others) };
}

/**
 * The counts behind the customer retention rate and the lifetime value, in one pass over the members' orders
 * paid before the period's end (member by member, from the orders(shop, member_id, paid_at, …) index).
 *
 * A customer, at a moment, is a member (a Shopify customer with a Tally member account) who paid for at least
 * one order in the CUSTOMER_ACTIVE_DAYS before that moment; cancelled and test orders do not count, and guest
 * checkouts are not members. Customers at the start are counted at the period's first instant, customers at the
 * end just after its last day, and new customers are the customers at the end who were not customers at the
 * start (first-time buyers, and members who came back after more than CUSTOMER_ACTIVE_DAYS). So
 * (at end − new) / at start is the share of the start's customers still customers at the end.
 *
 * Lifetime value counts every member who paid for an order before the period's end, and all they spent.
 *
 * Read member by member from orders(shop, member_id, paid_at, …) alone, the groups come in index order: by
 * payment date SQLite would have to sort every order of the shop into groups first, at twice the cost.
 */
async function customerCounts(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  const window = CUSTOMER_ACTIVE_DAYS * DAY_MS;
  const startFrom = new Date(period.start.getTime() - window);
  const endFrom = new Date(period.end.getTime() - window);
  const [row] = await rows(
    db,
    z.object({ buyers: int, spend: nullableInt, atStart: nullableInt, atEnd: nullableInt, inBoth: nullableInt }),
    Sql.sql`SELECT COUNT(*) AS buyers, CAST(SUM(c.spend) AS BIGINT) AS spend,
                   CAST(SUM(c.at_start) AS BIGINT) AS "atStart", CAST(SUM(c.at_end) AS BIGINT) AS "atEnd",
                   CAST(SUM(c.at_start * c.at_end) AS BIGINT) AS "inBoth"
            FROM (
              SELECT o.member_id,
                     SUM(${net}) AS spend,
                     MAX(CASE WHEN o.paid_at >= ${startFrom} AND o.paid_at < ${period.start} THEN 1 ELSE 0 END) AS at_start,
                     MAX(CASE WHEN o.paid_at >= ${endFrom} THEN 1 ELSE 0 END) AS at_end
              FROM orders o
              WHERE o.shop = ${shop} AND o.member_id IS NOT NULL AND ${noIndex(db.kind, Sql.sql`o.paid_at`)} < ${period.end}
                AND o.cancelled_at IS NULL AND o.test = ${false}
              GROUP BY o.member_id
            ) c`,
  );
  const atStart = row?.atStart ?? 0;
  const atEnd = row?.atEnd ?? 0;
  return {
    retention: { atStart, atEnd, added: atEnd - (row?.inBoth ?? 0) },
    lifetime: { customers: row?.buyers ?? 0, totalMinor: row?.spend ?? 0 },
  };
}

function sumPoints(byDay: { code: string; day: string; points: number }[], counts: (code: string) => boolean): { total: number; days: DayTotal[] } {
  const days = new Map<string, number>();
  let total = 0;
  for (const row of byDay) {
    if (!counts(row.code)) continue;
    total += row.points;
    days.set(row.day, (days.get(row.day) ?? 0) + row.points);
  }
  return { total, days: [...days].map(([day, value]) => ({ day, value })) };
}

/** Debits as positive points. 0 − x rather than −x: an empty sum would otherwise show as "-0". */
function spent(debits: number): number {
  return 0 - debits;
}

function repeatOf(row: z.infer<typeof repeatRow> | undefined): ShopperRepeat {
  const shoppers = row?.shoppers ?? 0;
  const repeat = row?.repeaters ?? 0;
  return { shoppers, repeatShoppers: repeat, rate: repeatPurchaseRate(shoppers, repeat) };
}

export async function loadDashboard(db: TallyDatabase, shop: string, period: DashboardPeriod): Promise<DashboardData> {
  const shopRecord = await findShop(db.prisma, shop);
  // No shop row means nothing was installed or seeded for this domain: its figures are all zero.
  const rules = shopRecord?.rules ?? defaultProgramRules();
  const [members, outstanding, byCode, referrals, revenue, repeat, { retention, lifetime }] = await Promise.all([
    memberCounts(db, shop, period),
    outstandingPoints(db, shop),
    pointsByCodeAndDay(db, shop, period),
    referralOutcomes(db, shop, period),
    revenueByDay(db, shop, period),
    repeatShoppers(db, shop, period),
    customerCounts(db, shop, period),
  ]);

  const issued = sumPoints(byCode, (code) => isTransferCode(code) && countsAsEarned(code));
  const redeemed = sumPoints(byCode, (code) => code === "REDEMPTION");
  const expired = sumPoints(byCode, (code) => code === "EXPIRY");

  const referralCount = (status: string) => referrals.filter((row) => row.status === status).reduce((sum, row) => sum + row.count, 0);
  const rejected = referrals
    .filter((row) => row.status === "rejected")
    .map((row) => ({ reason: row.reason ?? "manual", count: row.count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

  const sum = (pick: (row: (typeof revenue)[number]) => number) => revenue.reduce((total, row) => total + pick(row), 0);
  const referredMinor = referrals.filter((row) => row.status !== "rejected").reduce((total, row) => total + row.revenue, 0);

  return {
    currencyCode: shopRecord?.currencyCode ?? "USD",
    period: { preset: period.preset, fromDay: period.fromDay, toDay: period.toDay, days: period.days, bucket: period.bucket },
    members,
    points: {
      issued: issued.total,
      redeemed: spent(redeemed.total),
      expired: spent(expired.total),
      outstanding,
      liabilityMinor: pointsValueMinor(outstanding, rules.redemption),
      redemptionRate: redemptionRate(issued.total, spent(redeemed.total)),
      rate: { points: rules.redemption.points, unitMinor: rules.redemption.unitMinor },
    },
    referrals: {
      referredOrders: referrals.reduce((total, row) => total + row.count, 0),
      rewarded: referralCount("rewarded"),
      pending: referralCount("pending"),
      cancelled: referralCount("cancelled"),
      rejected,
    },
    revenue: { membersMinor: sum((row) => row.members), referredMinor, allMinor: sum((row) => row.total) },
    repeat,
    retention: { ...retention, rate: customerRetentionRate(retention) },
    lifetimeValue: { ...lifetime, averageMinor: averageLifetimeValue(lifetime.totalMinor, lifetime.customers) },
    charts: {
      issued: bucketByPeriod(issued.days, period),
      redeemed: bucketByPeriod(
        redeemed.days.map((day) => ({ day: day.day, value: spent(day.value) })),
        period,
      ),
      revenue: bucketByPeriod(
        revenue.map((row) => ({ day: row.day, value: row.members })),
        period,
      ),
    },
  };
}
