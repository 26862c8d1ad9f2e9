// The dashboard's formulas, on figures the queries already summed. Pure, so each definition is tested on its own
// and reads the same here as on the page (app/admin/strings/dashboard.ts explains them to the merchant).
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { addDays, type DashboardPeriod } from "./dashboard-period";

/** `part` as a percentage of `whole`, or null when there is no whole to take a share of. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** Redemption rate: points spent on rewards in the period as a share of the points issued in it. */
export function redemptionRate(issued: number, redeemed: number): number | null {
  return percentOf(redeemed, issued);
}

/** Repeat purchase rate: of the shoppers who paid for an order in the period, the share who paid for two or more. */
export function repeatPurchaseRate(shoppers: number, repeatShoppers: number): number | null {
  return percentOf(repeatShoppers, shoppers);
}

export interface RetentionCounts {
  /** Customers at the start of the period. */
  atStart: number;
  /** Customers at the end of the period. */
  atEnd: number;
  /** Customers at the end who were not customers at the start. */
  added: number;
}

/**
 * Customer retention rate: CRR = (customers at end − new customers) / customers at start × 100. Null when there
 * were no customers at the start, where the rate means nothing. What "customer" means is the query's to say
 * (dashboard-query.server.ts); with new customers counted as those at the end who were not there at the start,
 * the rate is the share of the start's customers still there at the end, from 0 to 100.
 */
export function customerRetentionRate({ atStart, atEnd, added }: RetentionCounts): number | null {
  return percentOf(atEnd - added, atStart);
}

/** Average customer lifetime value: what buying members spent in total, per buying member, in minor units. */
export function averageLifetimeValue(totalSpendMinor: number, customers: number): number | null {
  return customers > 0 ? Math.round(totalSpendMinor / customers) : null;
}

/**
 * What `points` are worth as rewards, in minor units of the shop currency, at the program's redemption rate
 * (e.g. 100 points = 1.00 off). Rounded down: a fraction of a cent is never owed.
 */
export function pointsValueMinor(points: number, redemption: ProgramRules["redemption"]): number {
  return Math.floor((points * redemption.unitMinor) / redemption.points);
}

export interface DayTotal {
  /** YYYY-MM-DD (UTC). */
  day: string;
  value: number;
}

export interface Bucket {
  /** The bucket's first day, YYYY-MM-DD. */
  key: string;
  value: number;
}

/**
 * Day totals as the chart's points: one per day of the period, or one per seven days counted from the period's
 * first day (the last week may be shorter), with empty days as 0. Days outside the period are left out.
 */
export function bucketByPeriod(totals: readonly DayTotal[], period: Pick<DashboardPeriod, "fromDay" | "days" | "bucket">): Bucket[] {
  const width = period.bucket === "day" ? 1 : 7;
  const buckets: Bucket[] = [];
  const index = new Map<string, number>();
  for (let offset = 0; offset < period.days; offset++) {
    const day = addDays(period.fromDay, offset);
    if (offset % width === 0) buckets.push({ key: day, value: 0 });
    index.set(day, buckets.length - 1);
  }
  for (const total of totals) {
    const at = index.get(total.day);
    const bucket = at === undefined ? undefined : buckets[at];
    if (bucket) bucket.value += total.value;
  }
  return buckets;
}
