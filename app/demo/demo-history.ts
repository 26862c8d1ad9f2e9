// The demo shop's year, as the events that make it: customers signing up, orders paid (some carrying a
// referral code, some refunded, one cancelled), guest checkouts, reward codes and two manual adjustments. Pure
// and deterministic: the story comes from PRNGs with fixed seeds, laid out in days before `anchor`.
//
// The seed (demo-seed.server.ts) turns orders, refunds and sign-ups into Shopify-shaped webhook payloads for the
// real delivery handlers, so orders, referrals, tiers and points agree exactly as in production. Reward codes
// and adjustments go to the ledger writer, with the points decided here: each redemption is sized from a
// lower bound of what the member holds at that moment (purchases at ×1, refunds at the top tier's rate, every
// later debit set aside), so it is always affordable and a replay asks the ledger for exactly the same thing.
import { purchasePoints } from "~/loyalty/earning/purchase-points";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { perPointsLadder } from "~/loyalty/redemption/rewards";
import { DEMO_CUSTOMERS, type DemoAddress, type DemoCustomer } from "./demo-customers";
import { seededRandom, type SeededRandom } from "./seeded-random";

export const DEMO_ACTOR = "Demo staff";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type DemoEvent =
  | { kind: "signup"; at: Date; customer: DemoCustomer }
  | {
      kind: "order";
      at: Date;
      orderId: string;
      name: string;
      /** The member who bought, or a guest checkout's email. */
      buyer: { customer: DemoCustomer } | { guestEmail: string };
      subtotalMinor: number;
      /** The customer number whose referral code the order carried. */
      referralOf: number | null;
      shipping: DemoAddress;
      /** Set on the cancellation event's copy of the order. */
      cancelledAt?: Date;
    }
  | { kind: "refund"; at: Date; orderId: string; refundId: string; amountMinor: number }
  | { kind: "cancel"; at: Date; order: Extract<DemoEvent, { kind: "order" }> }
  | { kind: "reserve"; at: Date; customer: DemoCustomer; key: string; points: number }
  | { kind: "resolve"; at: Date; customer: DemoCustomer; key: string; reservation: string; outcome: "post" | "void" }
  | { kind: "adjust"; at: Date; customer: DemoCustomer; key: string; points: number; memo: string };

type Profile = "light" | "regular" | "loyal";

const PROFILES: Record<Profile, { orders: [number, number]; spend: [number, number]; redeemChance: number }> = {
  light: { orders: [0, 3], spend: [1_500, 9_000], redeemChance: 0.2 },
  regular: { orders: [3, 6], spend: [6_000, 18_000], redeemChance: 0.25 },
  loyal: { orders: [8, 12], spend: [12_000, 32_000], redeemChance: 0.35 },
};

/** A fifth of the customers are loyal, two fifths regular, two fifths occasional: every default tier is held. */
function profileOf(number: number): Profile {
  const rest = number % 5;
  if (rest === 0) return "loyal";
  return rest === 1 || rest === 3 ? "regular" : "light";
}

/** Customers who joined in the last months, so recent periods show new members and new customers. */
const RECENT_JOINERS = new Set([27, 32, 37, 42, 47, 49]);
/** Members who share their referral code; they joined first, so their codes exist before any friend orders. */
const ADVOCATES = new Set([5, 10, 15]);
/** Friends whose first order carried an advocate's code: rewarded referrals. */
const REFERRED_FRIENDS: ReadonlyMap<number, number> = new Map([
  [11, 5], [16, 5], [21, 10], [26, 10], [31, 15], [36, 15], [41, 5], [46, 10],
]);
/** Rejected referrals, one of each reason the fraud checks give (the guest's same email is planned apart). */
const SELF_REFERRAL = 10;
const NOT_FIRST_ORDER = { friend: 35, advocate: 15 };
const SAME_ADDRESS = { friend: 45, advocate: 5 };
const SAME_EMAIL_ADVOCATE = 5;
/** Customers whose first discount code went unused and gave the points back. */
const RELEASED_FIRST_REDEMPTION = new Set([15, 35]);
/** Customers holding a discount code issued today, not used yet: points reserved, not spent. */
const OPEN_REDEMPTION = new Set([20, 40]);
/** A customer whose second order was cancelled soon after payment. */
const CANCELLED_SECOND_ORDER = 13;
/** A customer whose first order was partly refunded, so every demo has a refund. */
const REFUNDED_FIRST_ORDER = 20;
const ADJUSTMENTS: ReadonlyMap<number, { daysAgo: number; points: number; memo: string }> = new Map([
  [7, { daysAgo: 45, points: 250, memo: "Goodwill: the parcel arrived two weeks late" }],
  [44, { daysAgo: 20, points: -100, memo: "Correction: points from a phone order that was cancelled" }],
]);
const GUESTS = 8;
const REFUND_CHANCE = 0.08;

interface Timed {
  event: DemoEvent;
  /** Draw order, to keep events of the same moment in the order they were planned. */
  seq: number;
}

function orderName(customer: DemoCustomer, n: number): string {
  return `#${1000 + customer.number * 20 + n}`;
}

/** One customer's own story; the bounds track what they surely hold, to size their redemptions. */
function planCustomer(customer: DemoCustomer, rules: ProgramRules, at: (daysAgo: number, hour: number) => Date, anchor: Date): DemoEvent[] {
  const rng = seededRandom(Math.imul(customer.number, 2654435761));
  const profile = PROFILES[profileOf(customer.number)];
  const joinedDaysAgo = ADVOCATES.has(customer.number) ? 364 : RECENT_JOINERS.has(customer.number) ? rng.int(5, 80) : rng.int(300, 363);
  const id = customer.customerId;
  const events: DemoEvent[] = [{ kind: "signup", at: at(joinedDaysAgo, 9), customer }];

  const count = rng.int(...profile.orders);
  const drawn = Array.from({ length: count }, () => ({ daysAgo: rng.int(1, joinedDaysAgo - 1), hour: rng.int(10, 20), spendMinor: rng.int(...profile.spend) }));
  const orders = drawn.sort((a, b) => b.daysAgo - a.daysAgo || a.hour - b.hour).map((order, index) => ({ ...order, n: index + 1 }));
  const topMultiplier = Math.max(...rules.tiers.map((tier) => tier.multiplierPercent));

  // Credits counted at their least (purchases at ×1), debits at their most, in time order.
  const ledger: { at: Date; least: number; most: number }[] = [];
  if (customer.accountState === "enabled") ledger.push({ at: at(joinedDaysAgo, 9), least: rules.signupBonus, most: 0 });

  const cancelled = new Set<string>();
  for (const order of orders) {
    const orderId = String(820_000_000 + customer.number * 100 + order.n);
    const paidAt = at(order.daysAgo, order.hour);
    const referralOf =
      (order.n === 1 && REFERRED_FRIENDS.get(customer.number)) ||
      (order.n === orders.length && customer.number === SELF_REFERRAL ? SELF_REFERRAL : null) ||
      (order.n === 2 && customer.number === NOT_FIRST_ORDER.friend ? NOT_FIRST_ORDER.advocate : null) ||
      (order.n === 1 && customer.number === SAME_ADDRESS.friend ? SAME_ADDRESS.advocate : null) ||
      null;
    const advocate = referralOf === SAME_ADDRESS.advocate && customer.number === SAME_ADDRESS.friend ? DEMO_CUSTOMERS[SAME_ADDRESS.advocate - 1] : null;
    const placed = {
      kind: "order" as const,
      at: paidAt,
      orderId,
      name: orderName(customer, order.n),
      buyer: { customer },
      subtotalMinor: order.spendMinor,
      referralOf,
      shipping: advocate?.address ?? customer.address,
    };
    events.push(placed);
    const least = purchasePoints(order.spendMinor, rules.earn, { multiplierPercent: 100 });
    const most = purchasePoints(order.spendMinor, rules.earn, { multiplierPercent: topMultiplier });

    if (customer.number === CANCELLED_SECOND_ORDER && order.n === 2) {
      const cancelledAt = new Date(paidAt.getTime() + 2 * HOUR_MS);
      events.push({ kind: "cancel", at: cancelledAt, order: { ...placed, cancelledAt } });
      cancelled.add(orderId);
      continue;
    }
    ledger.push({ at: paidAt, least, most: 0 });
    const refunded = customer.number === REFUNDED_FIRST_ORDER && order.n === 1 && order.daysAgo > 5;
    if (order.daysAgo >= 3 && (refunded || rng.next() < REFUND_CHANCE)) {
      const amountMinor = Math.floor((order.spendMinor * (refunded ? 40 : rng.int(20, 60))) / 100);
      const refundAt = at(order.daysAgo - (refunded ? 5 : rng.int(1, Math.min(14, order.daysAgo - 1))), 15);
      events.push({ kind: "refund", at: refundAt, orderId, refundId: String(860_000_000 + customer.number * 100 + order.n), amountMinor });
      ledger.push({ at: refundAt, least: 0, most: Math.ceil((most * amountMinor) / order.spendMinor) });
    }
  }
  /** The points surely available at `moment`, with every debit planned so far set aside, even later ones. */
  const surelyAvailable = (moment: Date) => {
    const credits = ledger.filter((entry) => entry.at <= moment).reduce((sum, entry) => sum + entry.least, 0);
    const debits = ledger.reduce((sum, entry) => sum + entry.most, 0);
    return credits - debits;
  };
  const adjustment = ADJUSTMENTS.get(customer.number);
  if (adjustment) {
    const adjustAt = at(adjustment.daysAgo, 11);
    // A correction never takes a member below zero.
    if (adjustment.points > 0 || surelyAvailable(adjustAt) + adjustment.points >= 0) {
      events.push({ kind: "adjust", at: adjustAt, customer, key: `demo:${id}:adjustment:1`, points: adjustment.points, memo: adjustment.memo });
      ledger.push(adjustment.points > 0 ? { at: adjustAt, least: adjustment.points, most: 0 } : { at: adjustAt, least: 0, most: -adjustment.points });
    }
  }

  let redemptions = 0;
  // The history's codes are rungs of the program's amount-off reward (the default program has one).
  const { minimumPoints, stepPoints } = perPointsLadder(rules) ?? { minimumPoints: 500, stepPoints: 100 };
  const redeem = (moment: Date, wanted: number, outcome: "used" | "released" | "open") => {
    const points = Math.floor(Math.min(surelyAvailable(moment), wanted) / stepPoints) * stepPoints;
    if (points < minimumPoints) return;
    redemptions += 1;
    const key = `demo:${id}:redemption:${redemptions}`;
    events.push({ kind: "reserve", at: moment, customer, key: `${key}:reserve`, points });
    ledger.push({ at: moment, least: 0, most: points });
    if (outcome === "open") return;
    const resolveAt = new Date(moment.getTime() + (outcome === "used" ? 2 : 25) * HOUR_MS);
    events.push({ kind: "resolve", at: resolveAt, customer, key: `${key}:${outcome === "used" ? "use" : "release"}`, reservation: `${key}:reserve`, outcome: outcome === "used" ? "post" : "void" });
    if (outcome === "released") ledger.push({ at: resolveAt, least: points, most: 0 });
  };
  for (const event of [...events]) {
    if (event.kind !== "order" || cancelled.has(event.orderId)) continue;
    const wanted = rng.int(minimumPoints, minimumPoints * 3);
    if (rng.next() >= profile.redeemChance) continue;
    redeem(new Date(event.at.getTime() + HOUR_MS / 2), wanted, redemptions === 0 && RELEASED_FIRST_REDEMPTION.has(customer.number) ? "released" : "used");
  }
  if (OPEN_REDEMPTION.has(customer.number)) redeem(new Date(anchor.getTime() - HOUR_MS), 1_000, "open");
  return events;
}

/** Guest checkouts: shoppers without an account, some coming back, and one using a member's email and code. */
function planGuests(at: (daysAgo: number, hour: number) => Date, rng: SeededRandom): DemoEvent[] {
  const events: DemoEvent[] = [];
  const street = (g: number): DemoAddress => ({ address1: `${g * 11} Guest Row`, city: "Salem", zip: String(97300 + g), province_code: "OR", country_code: "US" });
  for (let g = 1; g <= GUESTS; g++) {
    const visits = rng.int(1, 3);
    for (let n = 1; n <= visits; n++) {
      events.push({
        kind: "order",
        at: at(rng.int(1, 300), rng.int(9, 21)),
        orderId: String(830_000_000 + g * 10 + n),
        name: `#${3000 + g * 10 + n}`,
        buyer: { guestEmail: `guest${g}@example.net` },
        subtotalMinor: rng.int(2_000, 12_000),
        referralOf: null,
        shipping: street(g),
      });
    }
  }
  const advocate = DEMO_CUSTOMERS[SAME_EMAIL_ADVOCATE - 1];
  if (advocate) {
    events.push({
      kind: "order",
      at: at(rng.int(10, 60), 13),
      orderId: "830000999",
      name: "#3999",
      buyer: { guestEmail: (advocate.email ?? "").toUpperCase() },
      subtotalMinor: 4_500,
      referralOf: SAME_EMAIL_ADVOCATE,
      shipping: street(99),
    });
  }
  return events;
}

/** Every event of the demo's year before `anchor`, oldest first. */
export function planDemoHistory(rules: ProgramRules, anchor: Date): DemoEvent[] {
  const dayStart = Math.floor(anchor.getTime() / DAY_MS) * DAY_MS;
  const at = (daysAgo: number, hour: number) => new Date(Math.min(dayStart - daysAgo * DAY_MS + hour * HOUR_MS, anchor.getTime() - HOUR_MS));
  const timed: Timed[] = [];
  for (const customer of DEMO_CUSTOMERS) for (const event of planCustomer(customer, rules, at, anchor)) timed.push({ event, seq: timed.length });
  for (const event of planGuests(at, seededRandom(0x5eed))) timed.push({ event, seq: timed.length });
  return timed.sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.seq - b.seq).map(({ event }) => event);
}
