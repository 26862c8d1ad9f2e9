// One demo customer's year with the shop, as the ledger steps that record it. Pure and deterministic: the story
// comes from a PRNG seeded with the customer number, and every step carries an idempotency key derived from the
// event it records, so seeding again replays the same steps and writes nothing new.
//
// Points follow the program's rules the way the real handlers will: an order earns floor(spend / unit) × points,
// times the multiplier of the tier the customer held when it was paid (before counting that order); a refund
// reverses floor(earned × refunded / spend); redemptions reserve points and are then used or released.
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierForSpend } from "~/loyalty/program/tiers";
import type { DemoCustomer } from "./demo-customers";
import { seededRandom, type SeededRandom } from "./seeded-random";

export const DEMO_ACTOR = "Demo staff";

export type DemoStep =
  | { op: "record"; key: string; code: "SIGNUP_BONUS" | "PURCHASE" | "ADJUSTMENT"; points: number; orderId?: string; memo: string; actor?: string }
  /** Partly undoes the transfer recorded under `of`. */
  | { op: "reverse"; key: string; of: string; points: number; memo: string }
  | { op: "reserve"; key: string; points: number; memo: string }
  | { op: "post"; key: string; of: string }
  | { op: "release"; key: string; of: string };

export interface DemoHistory {
  steps: DemoStep[];
  /** Eligible spend net of refunds in the tier window ending at `now`, in minor units. */
  tierSpendMinor: number;
}

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

/** Customers whose first discount code went unused and gave the points back. */
const RELEASED_FIRST_REDEMPTION = new Set([15, 35]);
/** Customers holding a discount code issued today, not used yet: points reserved, not spent. */
const OPEN_REDEMPTION = new Set([20, 40]);
const ADJUSTMENTS: ReadonlyMap<number, { daysAgo: number; points: number; memo: string }> = new Map([
  [7, { daysAgo: 45, points: 250, memo: "Goodwill: the parcel arrived two weeks late" }],
  [44, { daysAgo: 20, points: -100, memo: "Correction: points from a phone order that was cancelled" }],
]);

const REFUND_CHANCE = 0.08;

interface Order {
  n: number;
  daysAgo: number;
  spendMinor: number;
  refundedMinor: number;
  earned: number;
  key: string;
}

type Event =
  | { kind: "signup"; daysAgo: number }
  | { kind: "order"; daysAgo: number; order: Order }
  | { kind: "refund"; daysAgo: number; order: Order; refundMinor: number }
  | { kind: "adjust"; daysAgo: number; points: number; memo: string };

function orderName(customer: DemoCustomer, n: number): string {
  return `#${1000 + customer.number * 20 + n}`;
}

function drawOrders(customer: DemoCustomer, rng: SeededRandom, joinedDaysAgo: number): Order[] {
  const profile = PROFILES[profileOf(customer.number)];
  const count = rng.int(...profile.orders);
  const drawn = Array.from({ length: count }, () => ({ daysAgo: rng.int(1, joinedDaysAgo - 1), spendMinor: rng.int(...profile.spend) }));
  // Numbered in the order they were paid, oldest first.
  return drawn
    .sort((a, b) => b.daysAgo - a.daysAgo)
    .map((order, index) => ({
      ...order,
      n: index + 1,
      refundedMinor: 0,
      earned: 0,
      key: `demo:${customer.customerId}:order:${index + 1}:earn`,
    }));
}

export function planDemoHistory(customer: DemoCustomer, rules: ProgramRules, now: Date): DemoHistory {
  const rng = seededRandom(Math.imul(customer.number, 2654435761));
  const profile = PROFILES[profileOf(customer.number)];
  const joinedDaysAgo = rng.int(300, 364);
  const orders = drawOrders(customer, rng, joinedDaysAgo);
  const events: Event[] = [];
  if (customer.accountState === "enabled") events.push({ kind: "signup", daysAgo: joinedDaysAgo });
  for (const order of orders) {
    events.push({ kind: "order", daysAgo: order.daysAgo, order });
    if (order.daysAgo >= 3 && rng.next() < REFUND_CHANCE) {
      const refundMinor = Math.floor((order.spendMinor * rng.int(20, 60)) / 100);
      events.push({ kind: "refund", daysAgo: order.daysAgo - rng.int(1, Math.min(14, order.daysAgo - 1)), order, refundMinor });
    }
  }
  const adjustment = ADJUSTMENTS.get(customer.number);
  if (adjustment) events.push({ kind: "adjust", ...adjustment });
  // Oldest first; on the same day, in the order drawn (an order before its own refund).
  const timeline = events.map((event, index) => ({ event, index })).sort((a, b) => b.event.daysAgo - a.event.daysAgo || a.index - b.index);

  const steps: DemoStep[] = [];
  const id = customer.customerId;
  let posted = 0;
  let reserved = 0;
  let redemptions = 0;
  const available = () => posted - reserved;

  const redeem = (points: number, outcome: "used" | "released" | "open") => {
    redemptions += 1;
    const key = `demo:${id}:redemption:${redemptions}`;
    steps.push({ op: "reserve", key: `${key}:reserve`, points, memo: `Reward: ${points} points for a discount code` });
    if (outcome === "used") {
      steps.push({ op: "post", key: `${key}:use`, of: `${key}:reserve` });
      posted -= points;
    } else if (outcome === "open") {
      reserved += points;
    } else {
      steps.push({ op: "release", key: `${key}:release`, of: `${key}:reserve` });
    }
  };
  const affordable = (wanted: number) => {
    const { minimumPoints, stepPoints } = rules.redemption;
    const points = Math.floor(Math.min(available(), wanted) / stepPoints) * stepPoints;
    return points >= minimumPoints ? points : 0;
  };

  for (const { event } of timeline) {
    switch (event.kind) {
      case "signup":
        if (rules.signupBonus > 0) {
          steps.push({ op: "record", key: `demo:${id}:signup`, code: "SIGNUP_BONUS", points: rules.signupBonus, memo: "Welcome bonus" });
          posted += rules.signupBonus;
        }
        break;
      case "order": {
        const { order } = event;
        const qualifying = orders
          .filter((earlier) => earlier.n < order.n && earlier.daysAgo - order.daysAgo < rules.tierWindowDays)
          .reduce((sum, earlier) => sum + earlier.spendMinor - earlier.refundedMinor, 0);
        const tier = tierForSpend(qualifying, rules.tiers);
        const base = Math.floor(order.spendMinor / rules.earn.unitMinor) * rules.earn.points;
        order.earned = Math.floor((base * tier.multiplierPercent) / 100);
        if (order.earned > 0) {
          steps.push({
            op: "record",
            key: order.key,
            code: "PURCHASE",
            points: order.earned,
            orderId: String(820_000_000 + customer.number * 100 + order.n),
            memo: `Order ${orderName(customer, order.n)} (${tier.name})`,
          });
          posted += order.earned;
        }
        const wanted = rng.int(rules.redemption.minimumPoints, rules.redemption.minimumPoints * 3);
        if (rng.next() < profile.redeemChance && affordable(wanted) > 0) {
          redeem(affordable(wanted), redemptions === 0 && RELEASED_FIRST_REDEMPTION.has(customer.number) ? "released" : "used");
        }
        break;
      }
      case "refund": {
        const { order, refundMinor } = event;
        order.refundedMinor += refundMinor;
        const reversed = Math.floor((order.earned * refundMinor) / order.spendMinor);
        if (reversed > 0) {
          steps.push({ op: "reverse", key: `demo:${id}:order:${order.n}:refund:1`, of: order.key, points: reversed, memo: `Refund on order ${orderName(customer, order.n)}` });
          posted -= reversed;
        }
        break;
      }
      case "adjust":
        if (available() + event.points >= 0) {
          steps.push({ op: "record", key: `demo:${id}:adjustment:1`, code: "ADJUSTMENT", points: event.points, memo: event.memo, actor: DEMO_ACTOR });
          posted += event.points;
        }
        break;
    }
  }
  if (OPEN_REDEMPTION.has(customer.number) && affordable(1_000) > 0) redeem(affordable(1_000), "open");

  const windowStart = now.getTime() - rules.tierWindowDays * 86_400_000;
  const tierSpendMinor = orders
    .filter((order) => now.getTime() - order.daysAgo * 86_400_000 > windowStart)
    .reduce((sum, order) => sum + order.spendMinor - order.refundedMinor, 0);
  return { steps, tierSpendMinor };
}
