// The dashboard's figures, read live from the database on every load, from sums kept in the transaction of every
// write they sum: points, revenue and referrals from the daily sums (ledger_daily, order_daily, referral_daily:
// docs/decisions/014-live-dashboard-rollups.md), repeat purchases from the shoppers' order days and retention from
// the members' customer gains and lapses (shopper_order_days, customer_gains, customer_lapses:
// docs/decisions/017-customer-cover-rollups.md), members by two index counts. No query reads a row per order or
// per transfer; only a custom range longer than a year reads a row per member order day (customersAtBothEnds).
// Formulas live in dashboard-metrics.ts; the indexes these queries read are in prisma/schema.prisma.
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
import { CUSTOMER_ACTIVE_DAYS } from "~/loyalty/earning/counted-order";
import { addDays, dayOf, type DashboardPeriod } from "./dashboard-period";

/** A member is a customer on a day when they paid for a counted order in this many days before it. */
export { CUSTOMER_ACTIVE_DAYS } from "~/loyalty/earning/counted-order";

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

async function rows<T>(db: TallyDatabase, schema: z.ZodType<T>, query: Sql.Sql): Promise<T[]> {
  const raw = await db.read.$queryRaw<unknown[]>(query);
  return raw.map((row) => schema.parse(row));
}

async function memberCounts(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  // Two index counts, members(shop) and members(shop, created_at): no member row is read.
  const [row] = await rows(
    db,
    z.object({ total: int, joined: int }),
    Sql.sql`SELECT (SELECT COUNT(*) FROM members m WHERE m.shop = ${shop}) AS total,
                   (SELECT COUNT(*) FROM members m WHERE m.shop = ${shop} AND m.created_at >= ${period.start} AND m.created_at < ${period.end}) AS joined`,
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
 * Shoppers of the period and how many paid for two orders or more, members and others, from the shoppers' order
 * days (shopper_order_days, read from its index alone; a non-member is told apart by their Shopify customer id,
 * failing that, a guest checkout, by their normalized email). Each shopper who bought in the period has exactly
 * one day in it whose previous day is before it, and bought twice or more when that day holds two orders or more,
 * or their next day is in the period too.
 */
async function repeatShoppers(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  const shoppers = (member: boolean) =>
    rows(
      db,
      repeatRow,
      Sql.sql`SELECT COUNT(*) AS shoppers,
                     CAST(SUM(CASE WHEN d.orders >= 2 OR (d.next_day <> '' AND d.next_day <= ${period.toDay}) THEN 1 ELSE 0 END) AS BIGINT) AS repeaters
              FROM shopper_order_days d
              WHERE d.shop = ${shop} AND d.member = ${member} AND d.day >= ${period.fromDay} AND d.day <= ${period.toDay}
                AND d.prev_day < ${period.fromDay}`,
    );
  const [[members], [others]] = await Promise.all([shoppers(true), shoppers(false)]);
  return { members: repeatOf(members), nonMembers: repeatOf(others) };
}

/**
 * The counts behind the customer retention rate and the lifetime value, from the members' gains and lapses
 * (docs/decisions/017-customer-cover-rollups.md), a few rows per day whatever the number of orders.
 *
 * A customer, on a day, is a member (a Shopify customer with a Tally member account) who paid for at least one
 * order in the CUSTOMER_ACTIVE_DAYS before it; cancelled and test orders do not count, and guest checkouts are not
 * members. Customers at the start are counted on the period's first day, customers at the end on the day after
 * its last, and new customers are the customers at the end who were not customers at the start (first-time
 * buyers, and members who came back after more than CUSTOMER_ACTIVE_DAYS). So (at end − new) / at start is the
 * share of the start's customers still customers at the end. Customers on a day are the gains up to it less the
 * lapses up to it.
 *
 * Lifetime value counts every member who paid for an order before the period's end (their first gains up to
 * it), and all they spent (the members' revenue of order_daily up to the last day).
 */
async function customerCounts(db: TallyDatabase, shop: string, period: DashboardPeriod) {
  const startDay = period.fromDay;
  const endDay = dayOf(period.end);
  const gained = (condition: Sql.Sql) => Sql.sql`(SELECT CAST(SUM(g.members) AS BIGINT) FROM customer_gains g WHERE g.shop = ${shop} AND ${condition})`;
  const lapsed = (day: string) => Sql.sql`COALESCE((SELECT CAST(SUM(l.members) AS BIGINT) FROM customer_lapses l WHERE l.shop = ${shop} AND l.day <= ${day}), 0)`;
  const [row] = await rows(
    db,
    z.object({ buyers: nullableInt, spend: nullableInt, atStart: nullableInt, atEnd: nullableInt, added: nullableInt }),
    Sql.sql`SELECT ${gained(Sql.sql`g.day <= ${startDay}`)} - ${lapsed(startDay)} AS "atStart",
                   ${gained(Sql.sql`g.day <= ${endDay}`)} - ${lapsed(endDay)} AS "atEnd",
                   ${gained(Sql.sql`g.day > ${startDay} AND g.day <= ${endDay} AND g.lapsed_since <= ${startDay}`)} AS added,
                   ${gained(Sql.sql`g.day <= ${endDay} AND g.lapsed_since = ''`)} AS buyers,
                   (SELECT CAST(SUM(d.member_revenue_minor) AS BIGINT) FROM order_daily d WHERE d.shop = ${shop} AND d.day <= ${period.toDay}) AS spend`,
  );
  const atStart = row?.atStart ?? 0;
  const atEnd = row?.atEnd ?? 0;
  // In a period of at most CUSTOMER_ACTIVE_DAYS a member gains at most once, and that gain still covers the end:
  // the new customers are the gains after the start by members whose cover had run out by the start (or who had
  // never bought). In a longer one a member can lapse and come back inside it, so the members there at both ends
  // are counted from their order days instead.
  const added = period.days <= CUSTOMER_ACTIVE_DAYS ? (row?.added ?? 0) : atEnd - (await customersAtBothEnds(db, shop, startDay, endDay));
  return {
    retention: { atStart, atEnd, added },
    lifetime: { customers: row?.buyers ?? 0, totalMinor: row?.spend ?? 0 },
  };
}

/**
 * Members who paid in the CUSTOMER_ACTIVE_DAYS before `startDay` and in those before `endDay`: one pass over the
 * members' order days, shopper by shopper in primary key order. On SQLite the unary + keeps the planner off the
 * (shop, member, day) index, whose day order would need every row sorted into groups first; PostgreSQL plans by
 * statistics.
 */
async function customersAtBothEnds(db: TallyDatabase, shop: string, startDay: string, endDay: string): Promise<number> {
  const unindexed = (column: Sql.Sql) => (db.kind === "postgres" ? column : Sql.sql`+${column}`);
  const [row] = await rows(
    db,
    z.object({ members: int }),
    Sql.sql`SELECT COUNT(*) AS members FROM (
              SELECT d.shopper FROM shopper_order_days d
              WHERE d.shop = ${shop} AND ${unindexed(Sql.sql`d.member`)} = ${true}
                AND ${unindexed(Sql.sql`d.day`)} >= ${addDays(startDay, -CUSTOMER_ACTIVE_DAYS)} AND d.day < ${endDay}
              GROUP BY d.shopper
              HAVING MAX(CASE WHEN d.day < ${startDay} THEN 1 ELSE 0 END) = 1
                 AND MAX(CASE WHEN d.day >= ${addDays(endDay, -CUSTOMER_ACTIVE_DAYS)} THEN 1 ELSE 0 END) = 1
            ) c`,
  );
  return row?.members ?? 0;
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
  const shopRecord = await findShop(db.read, shop);
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
  // Points given back because the order that used the reward was cancelled or refunded were not redeemed after all.
  const redeemed = sumPoints(byCode, (code) => code === "REDEMPTION" || code === "REDEMPTION_RETURNED");
  // An expiry undone for a purchase that arrived late did not happen: its reversal nets it out.
  const expired = sumPoints(byCode, (code) => code === "EXPIRY" || code === "EXPIRY_REVERSAL");

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
