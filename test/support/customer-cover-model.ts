// What shopper_order_days, customer_gains and customer_lapses must hold, and the dashboard's retention, lifetime
// value and repeat purchase figures, worked out from a shop's orders by their definitions alone (a member is a
// customer on a day when they paid for a counted order in the 365 days before it), in a different way from the
// order writer: cover as the union of each order's 365 days, merged into runs. The tests compare the database with
// it. Which orders count and whose they are is the app's one definition (counted-order.ts); the rest is worked out here.
import { addDays } from "~/admin/dashboard/dashboard-period";
import { isCountedOrder, shopperOf, type CountedOrderFacts } from "~/loyalty/earning/counted-order";

export const ACTIVE_DAYS = 365;

export type OrderFacts = CountedOrderFacts;

export interface ShopperDay {
  shopper: string;
  day: string;
  member: boolean;
  orders: number;
  prevDay: string;
  nextDay: string;
}

/** The order's UTC day of payment when it counts (paid, not cancelled, not a test, someone's), else null. */
function countedDay(order: OrderFacts): string | null {
  if (!order.paidAt || !isCountedOrder(order) || !shopperOf(order)) return null;
  return order.paidAt.toISOString().slice(0, 10);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function expectedShopperDays(orders: OrderFacts[]): ShopperDay[] {
  const counts = new Map<string, Map<string, number>>();
  for (const order of orders) {
    const day = countedDay(order);
    const shopper = shopperOf(order);
    if (!day || !shopper) continue;
    const days = counts.get(shopper) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + 1);
    counts.set(shopper, days);
  }
  const rows: ShopperDay[] = [];
  for (const [shopper, days] of counts) {
    const sorted = [...days.keys()].sort(byText);
    sorted.forEach((day, i) =>
      rows.push({ shopper, day, member: shopper.startsWith("member:"), orders: days.get(day) ?? 0, prevDay: sorted[i - 1] ?? "", nextDay: sorted[i + 1] ?? "" }),
    );
  }
  return rows.sort((a, b) => byText(a.shopper, b.shopper) || byText(a.day, b.day));
}

/** Each member's customer days as runs [from, to], both included: the union of [day + 1, day + 365] per order day. */
function memberRuns(orders: OrderFacts[]): Map<string, Array<{ from: string; to: string }>> {
  const runs = new Map<string, Array<{ from: string; to: string }>>();
  for (const row of expectedShopperDays(orders)) {
    if (!row.member) continue;
    const list = runs.get(row.shopper) ?? [];
    const from = addDays(row.day, 1);
    const to = addDays(row.day, ACTIVE_DAYS);
    const last = list[list.length - 1];
    // Runs that touch (the next starts the day after the last ends) are one run.
    if (last && from <= addDays(last.to, 1)) last.to = to > last.to ? to : last.to;
    else list.push({ from, to });
    runs.set(row.shopper, list);
  }
  return runs;
}

/** Gains as "day lapsed_since" → members and lapses as day → members, without the days that sum to zero. */
export function expectedCover(orders: OrderFacts[]): { gains: Record<string, number>; lapses: Record<string, number> } {
  const gains: Record<string, number> = {};
  const lapses: Record<string, number> = {};
  for (const list of memberRuns(orders).values()) {
    list.forEach((run, i) => {
      const previous = list[i - 1];
      const key = `${run.from} ${previous ? addDays(previous.to, 1) : ""}`;
      gains[key] = (gains[key] ?? 0) + 1;
      const lapse = addDays(run.to, 1);
      lapses[lapse] = (lapses[lapse] ?? 0) + 1;
    });
  }
  return { gains, lapses };
}

function customersOn(orders: OrderFacts[], day: string): Set<string> {
  const from = addDays(day, -ACTIVE_DAYS);
  const customers = new Set<string>();
  for (const order of orders) {
    const paid = countedDay(order);
    if (order.memberId && paid && paid >= from && paid < day) customers.add(order.memberId);
  }
  return customers;
}

function repeatOf(counts: Map<string, number>) {
  const shoppers = counts.size;
  const repeatShoppers = [...counts.values()].filter((orders) => orders >= 2).length;
  return { shoppers, repeatShoppers };
}

/** The dashboard's customer figures for the days fromDay to toDay, both included. */
export function expectedCustomerFigures(orders: OrderFacts[], fromDay: string, toDay: string) {
  const atStart = customersOn(orders, fromDay);
  const atEnd = customersOn(orders, addDays(toDay, 1));
  const buyers = new Set<string>();
  let totalMinor = 0;
  const members = new Map<string, number>();
  const others = new Map<string, number>();
  for (const order of orders) {
    const paid = countedDay(order);
    const shopper = shopperOf(order);
    if (!paid || !shopper) continue;
    if (order.memberId && paid <= toDay) {
      buyers.add(order.memberId);
      totalMinor += order.eligibleMinor - order.refundedMinor;
    }
    if (paid < fromDay || paid > toDay) continue;
    const counts = order.memberId ? members : others;
    counts.set(shopper, (counts.get(shopper) ?? 0) + 1);
  }
  return {
    retention: { atStart: atStart.size, atEnd: atEnd.size, added: [...atEnd].filter((member) => !atStart.has(member)).length },
    lifetime: { customers: buyers.size, totalMinor },
    repeat: { members: repeatOf(members), nonMembers: repeatOf(others) },
  };
}
