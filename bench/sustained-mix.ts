// The deliveries `npm run bench:sustained` offers, and the bench's own model of what they must do to every
// customer's balance. The model is written here from the rules in docs/program.md, not taken from app/, so that the
// bench checks Tally rather than repeating it. It covers the program a fresh install runs (`defaultProgramRules()`:
// no pending window, tiers and referral rewards on, no milestones, no expiry); `assertModelable` refuses others.
//
// One thing makes an exact model need care: an order earns at the tier its customer held when it was paid, and
// Tally computes that tier from the orders (and their refunds and cancellations) it has recorded by the time it
// settles the order. So the mix keeps each customer's events in "epochs": every event of an order (its payment, its
// refunds, its cancellation, in any order among themselves) comes before the customer's next order is paid, and two
// events that touch one customer are at least `spacing` deliveries apart. A queue worked roughly in arrival order
// then settles them in the model's order, whatever the order of events inside an epoch (refunds and cancellations
// do arrive before their orders: that is the out-of-order case Tally must absorb).
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import { customerPayload, orderPayload, refundPayload } from "../test/fixtures/shopify-payloads";

export type Topic = "orders/paid" | "refunds/create" | "orders/cancelled" | "customers/create" | "customers/update";

export interface MixDelivery {
  topic: Topic;
  webhookId: string;
  eventId: string;
  /** The unique event this delivery carries (a redelivery carries an earlier one's). */
  event: number;
  body: string;
  redelivery: "same-id" | "new-id" | null;
}

/** An event's expected change of one customer's posted balance. */
export interface Effect {
  event: number;
  customerId: string;
  delta: number;
}

export interface MixOptions {
  /** Seed of the pseudo-random choices: the same options give the same mix. */
  seed: number;
  customers: number;
  /** Minimum number of deliveries between two events that touch one customer. */
  spacing: number;
  /** Payments are dated from here, one millisecond per delivery; keep it in the past of the run. */
  paidFrom: Date;
  shopCurrency?: string;
}

interface OrderModel {
  orderId: number;
  customer: number;
  eligibleMinor: number;
  refundedMinor: number;
  cancelled: boolean;
  paid: boolean;
  earned: number;
  tierKey: string | null;
  /** Carries a referral code: never refunded or cancelled, so the reward does not depend on arrival order. */
  referral: boolean;
  /** Points of this order now on the balance. */
  onBalance: number;
}

interface CustomerModel {
  index: number;
  id: number;
  seeded: boolean;
  hadCustomerEvent: boolean;
  bonus: boolean;
  paidOrders: OrderModel[];
  open: OrderModel | null;
  reserved: OrderModel | null;
  lastSlot: number;
  balance: number;
}

export interface MixStats {
  byTopic: Record<string, number>;
  redeliveries: { sameId: number; newId: number };
  refundsBeforeOrder: number;
  cancellationsBeforeOrder: number;
  ordersAtTier: Record<string, number>;
  referralsRewarded: number;
  referralsRejected: number;
  signupBonuses: number;
}

const CUSTOMER_BASE = 7_000_000;
const ORDER_BASE = 6_100_000_000;
const REFUND_BASE = 8_100_000_000;
const SEEDED_EVERY = 10;

/** mulberry32: small, fast and good enough to shuffle a benchmark reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

/** Refuses a program the model does not cover, rather than report false mismatches. */
export function assertModelable(rules: ProgramRules): void {
  const problems = [
    rules.earn.pendingDays !== 0 && "a pending window",
    rules.earn.includeTestOrders && "test orders earning",
    rules.referral.milestone.enabled && "referral milestones",
    rules.expiry.enabled && "expiry",
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`the sustained bench models the default program; this one has ${problems.join(", ")}`);
}

/** Builds the seed (existing members, some with order history) and then the measured mix, keeping the model. */
export class SustainedMix {
  private readonly random: () => number;
  private readonly customers: CustomerModel[];
  private readonly cumulative: Float64Array;
  private readonly tiers: Tier[];
  readonly deliveries: MixDelivery[] = [];
  readonly effects: Effect[] = [];
  readonly stats: MixStats = {
    byTopic: {},
    redeliveries: { sameId: 0, newId: 0 },
    refundsBeforeOrder: 0,
    cancellationsBeforeOrder: 0,
    ordersAtTier: {},
    referralsRewarded: 0,
    referralsRejected: 0,
    signupBonuses: 0,
  };
  private events = 0;
  private orders = 0;
  private refunds = 0;
  private slot = 0;
  private codes = new Map<number, string>();
  /** Per customer, the events that touched them, in the mix's order; per event, its customers (to explain a mismatch). */
  readonly customerEvents = new Map<string, number[]>();
  readonly eventCustomers = new Map<number, string[]>();

  constructor(
    private readonly options: MixOptions,
    private readonly rules: ProgramRules,
  ) {
    assertModelable(rules);
    this.random = prng(options.seed);
    this.tiers = [...rules.tiers].sort((a, b) => a.threshold - b.threshold);
    this.customers = Array.from({ length: options.customers }, (_, index) => ({
      index,
      id: CUSTOMER_BASE + index,
      seeded: index % SEEDED_EVERY === 0,
      hadCustomerEvent: false,
      bonus: false,
      paidOrders: [],
      open: null,
      reserved: null,
      lastSlot: -Infinity,
      balance: 0,
    }));
    // Zipf (s = 1) over the customers: a few buy often and climb tiers, most buy once or twice.
    this.cumulative = new Float64Array(options.customers);
    let sum = 0;
    for (let i = 0; i < options.customers; i++) this.cumulative[i] = sum += 1 / (i + 1);
  }

  /** The Shopify customer ids of the existing members (the advocates): their referral codes are read after the seed. */
  seededCustomerIds(): string[] {
    return this.customers.filter((c) => c.seeded).map((c) => String(c.id));
  }

  /**
   * Existing members, in rounds that are each worked before the next is sent: customers/create for every seeded
   * customer, then, for half of them, one paid order per round that together put them near a tier threshold, so
   * the run sees members climb. Returns the rounds' ranges of deliveries.
   */
  seed(): { from: number; to: number }[] {
    const seeded = this.customers.filter((c) => c.seeded);
    const rounds: { from: number; to: number }[] = [];
    let from = this.deliveries.length;
    for (const customer of seeded) {
      this.slot += 1;
      this.customerEvent(customer, "enabled");
    }
    rounds.push({ from, to: this.deliveries.length });
    const histories = seeded.map((customer) => {
      if (this.random() >= 0.5) return { customer, orders: [] as number[] };
      const target = 30_000 + Math.floor(this.random() * 130_000);
      const count = 1 + Math.floor(this.random() * 3);
      return { customer, orders: Array.from({ length: count }, () => Math.floor(target / count)) };
    });
    for (let round = 0; round < 3; round++) {
      from = this.deliveries.length;
      for (const { customer, orders } of histories) {
        const eligible = orders[round];
        if (eligible === undefined) continue;
        this.slot += 1;
        this.paid(customer, this.newOrder(customer, eligible), null);
      }
      if (this.deliveries.length > from) rounds.push({ from, to: this.deliveries.length });
    }
    for (const customer of seeded) customer.lastSlot = -Infinity;
    return rounds;
  }

  /** The members' referral codes, read from the database after the seed was worked. */
  useReferralCodes(codes: Map<string, string>): void {
    this.codes = new Map([...codes].map(([customerId, code]) => [Number(customerId), code]));
  }

  /** Appends `count` deliveries of the measured mix. */
  run(count: number): { from: number; to: number } {
    const from = this.deliveries.length;
    const end = from + count;
    while (this.deliveries.length < end) {
      this.slot += 1;
      const roll = this.random();
      if (roll < 0.1 && this.redeliver()) continue;
      const kind = this.random();
      // Redeliveries copy recent deliveries, so they keep these shares: 70% / 10% / 5% / 15% of all deliveries.
      if (kind < 0.7) this.paidEvent();
      else if (kind < 0.8) this.refundEvent();
      else if (kind < 0.85) this.cancelEvent();
      else this.customerTopicEvent();
    }
    return { from, to: end };
  }

  /** Every customer's expected posted balance (customers never touched are left out: they have none). */
  expectedBalances(): Map<string, number> {
    return new Map(this.customers.filter((c) => c.hadCustomerEvent || c.paidOrders.length > 0 || c.reserved || c.balance !== 0).map((c) => [String(c.id), c.balance]));
  }

  /** The webhook id of an event's first delivery. */
  webhookIdOf(event: number): string {
    return `bench-${this.options.seed}-${event}`;
  }

  /** The tier each paid order earned at, by order id, for explaining a mismatch. */
  expectedOrderTiers(): Map<string, { tier: string | null; earned: number }> {
    const map = new Map<string, { tier: string | null; earned: number }>();
    for (const customer of this.customers) for (const order of customer.paidOrders) map.set(String(order.orderId), { tier: order.tierKey, earned: order.earned });
    return map;
  }

  // ------------------------------------------------------------------ events

  private draw(ok: (customer: CustomerModel) => boolean): CustomerModel | null {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    for (let attempt = 0; attempt < 30; attempt++) {
      const x = this.random() * total;
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.cumulative[mid] ?? 0) < x) lo = mid + 1;
        else hi = mid;
      }
      const customer = this.customers[lo];
      if (customer && this.free(customer) && ok(customer)) return customer;
    }
    // The most frequent customers are all cooling down: take anyone who may take part.
    const start = Math.floor(this.random() * this.customers.length);
    for (let i = 0; i < this.customers.length; i++) {
      const customer = this.customers[(start + i) % this.customers.length];
      if (customer && this.free(customer) && ok(customer)) return customer;
    }
    return null;
  }

  private free(customer: CustomerModel): boolean {
    return this.slot - customer.lastSlot >= this.options.spacing;
  }

  private touch(customer: CustomerModel): void {
    customer.lastSlot = this.slot;
  }

  private newOrder(customer: CustomerModel, eligibleMinor?: number): OrderModel {
    return {
      orderId: ORDER_BASE + this.orders++,
      customer: customer.index,
      eligibleMinor: eligibleMinor ?? 1000 + Math.floor(this.random() * 29_000),
      refundedMinor: 0,
      cancelled: false,
      paid: false,
      earned: 0,
      tierKey: null,
      referral: false,
      onBalance: 0,
    };
  }

  private add(topic: Topic, payload: unknown, effects: { customer: CustomerModel; delta: number }[]): void {
    const event = this.events++;
    this.deliveries.push({ topic, webhookId: this.webhookIdOf(event), eventId: `event-${this.options.seed}-${event}`, event, body: JSON.stringify(payload), redelivery: null });
    this.stats.byTopic[topic] = (this.stats.byTopic[topic] ?? 0) + 1;
    for (const { customer, delta } of effects) {
      const touched = this.customerEvents.get(String(customer.id)) ?? [];
      touched.push(event);
      this.customerEvents.set(String(customer.id), touched);
      this.eventCustomers.set(event, [...(this.eventCustomers.get(event) ?? []), String(customer.id)]);
      customer.balance += delta;
      if (delta !== 0) this.effects.push({ event, customerId: String(customer.id), delta });
    }
  }

  private orderBody(order: OrderModel, extra: { cancelledAt?: string; referralAttribute?: string; discountCodes?: string[] } = {}) {
    const customer = this.customers[order.customer];
    return orderPayload({
      id: order.orderId,
      customer: { id: customer?.id ?? 0 },
      subtotal: money(order.eligibleMinor),
      processedAt: new Date(this.options.paidFrom.getTime() + this.slot).toISOString(),
      ...extra,
    });
  }

  /** Points of `earned` taken back after `refundedMinor` of `eligibleMinor` was refunded: pro rata, rounded down. */
  private static reversed(order: OrderModel): number {
    if (order.cancelled) return order.earned;
    if (order.earned <= 0 || order.refundedMinor <= 0) return 0;
    return Math.floor((order.earned * Math.min(order.refundedMinor, order.eligibleMinor)) / order.eligibleMinor);
  }

  /** Brings an order's points on the balance to what the facts so far say; returns the change. */
  private static resettle(order: OrderModel): number {
    if (!order.paid) return 0;
    const target = order.earned - SustainedMix.reversed(order);
    const delta = target - order.onBalance;
    order.onBalance = target;
    return delta;
  }

  private tierFor(customer: CustomerModel): Tier {
    // Qualifying spend: earlier paid orders (all inside the 365-day window), not cancelled, net of refunds.
    const spend = customer.paidOrders.reduce((sum, order) => sum + (order.cancelled ? 0 : Math.max(0, order.eligibleMinor - order.refundedMinor)), 0);
    let held = this.tiers[0];
    for (const tier of this.tiers) if (spend >= tier.threshold) held = tier;
    if (!held) throw new Error("no tiers");
    return held;
  }

  private paid(customer: CustomerModel, order: OrderModel, referral: { advocate: CustomerModel; how: "attribute" | "discount" } | null): void {
    const tier = this.tierFor(customer);
    order.paid = true;
    order.tierKey = tier.key;
    order.earned = Math.floor((order.eligibleMinor * this.rules.earn.points * tier.multiplierPercent) / (this.rules.earn.unitMinor * 100));
    this.stats.ordersAtTier[tier.key] = (this.stats.ordersAtTier[tier.key] ?? 0) + 1;
    const effects = [{ customer, delta: SustainedMix.resettle(order) }];
    let extra = {};
    if (referral) {
      order.referral = true;
      const code = this.codes.get(referral.advocate.id);
      if (!code) throw new Error(`no referral code for customer ${referral.advocate.id}`);
      extra = referral.how === "attribute" ? { referralAttribute: code } : { discountCodes: [code] };
      // A reward when the friend is someone else paying for their first order (no shared email or address here).
      const rewarded = referral.advocate !== customer && customer.paidOrders.length === 0;
      if (rewarded) {
        effects.push({ customer: referral.advocate, delta: this.rules.referral.advocatePoints });
        this.stats.referralsRewarded += 1;
      } else {
        // Nothing for the advocate, but the event is theirs too: a mismatch on their balance points at it.
        effects.push({ customer: referral.advocate, delta: 0 });
        this.stats.referralsRejected += 1;
      }
      this.touch(referral.advocate);
    }
    customer.paidOrders.push(order);
    customer.open = order;
    customer.reserved = null;
    this.touch(customer);
    this.add("orders/paid", this.orderBody(order, extra), effects);
  }

  private paidEvent(): void {
    const customer = this.draw(() => true);
    if (!customer) return this.filler();
    if (customer.reserved) return this.paid(customer, customer.reserved, null);
    const order = this.newOrder(customer);
    const roll = this.random();
    let referral: { advocate: CustomerModel; how: "attribute" | "discount" } | null = null;
    const how = this.random() < 0.5 ? "attribute" : "discount";
    if (this.codes.size > 0 && !customer.seeded && customer.paidOrders.length === 0 && roll < 0.3) {
      const advocate = this.draw((c) => c.seeded && c !== customer);
      if (advocate) referral = { advocate, how };
    } else if (this.codes.size > 0 && roll < 0.02) {
      // Now and then a code that earns nothing: one's own, or a friend's on a second order.
      const advocate = customer.seeded ? customer : this.draw((c) => c.seeded);
      if (advocate) referral = { advocate, how };
    }
    this.paid(customer, order, referral);
  }

  private refundEvent(): void {
    const customer = this.draw((c) => !c.reserved);
    if (!customer) return this.filler();
    this.touch(customer);
    const open = customer.open;
    const after = open && !open.cancelled && !open.referral && open.refundedMinor < open.eligibleMinor && this.random() < 0.75;
    const order = after ? open : this.newOrder(customer);
    const refundId = REFUND_BASE + this.refunds++;
    if (this.random() < 0.05) {
      // Shipping only: nothing eligible comes back.
      this.add("refunds/create", refundPayload({ id: refundId, orderId: order.orderId, shipping: "5.00" }), []);
    } else {
      const left = order.eligibleMinor - order.refundedMinor;
      const amount = this.random() < 0.3 ? left : Math.max(1, Math.floor(left * (0.1 + 0.6 * this.random())));
      order.refundedMinor += amount;
      this.add("refunds/create", refundPayload({ id: refundId, orderId: order.orderId, lines: [{ subtotal: money(amount) }] }), [{ customer, delta: SustainedMix.resettle(order) }]);
    }
    if (!after) {
      customer.reserved = order;
      this.stats.refundsBeforeOrder += 1;
    }
  }

  private cancelEvent(): void {
    const customer = this.draw((c) => !c.reserved);
    if (!customer) return this.filler();
    this.touch(customer);
    const open = customer.open;
    const after = open && !open.cancelled && !open.referral && this.random() < 0.75;
    const order = after ? open : this.newOrder(customer);
    order.cancelled = true;
    const body = this.orderBody(order, { cancelledAt: new Date(this.options.paidFrom.getTime() + this.slot).toISOString() });
    this.add("orders/cancelled", body, [{ customer, delta: SustainedMix.resettle(order) }]);
    if (!after) {
      customer.reserved = order;
      this.stats.cancellationsBeforeOrder += 1;
    }
  }

  private customerTopicEvent(): void {
    const customer = this.draw(() => true);
    if (!customer) return this.filler();
    this.touch(customer);
    this.customerEvent(customer, this.random() < 0.8 ? "enabled" : "invited");
  }

  private customerEvent(customer: CustomerModel, state: "enabled" | "invited"): void {
    const topic = customer.hadCustomerEvent ? "customers/update" : "customers/create";
    customer.hadCustomerEvent = true;
    const bonus = state === "enabled" && !customer.bonus;
    if (bonus) {
      customer.bonus = true;
      this.stats.signupBonuses += 1;
    }
    this.add(topic, customerPayload({ id: customer.id, state }), [{ customer, delta: bonus ? this.rules.signupBonus : 0 }]);
  }

  /** Every customer is cooling down (a tiny customer list): a redelivery keeps the rate without touching anyone. */
  private filler(): void {
    if (!this.redeliver()) throw new Error("--customers is too small for --spacing: no customer is free and nothing can be redelivered");
  }

  /** A copy of a recent delivery: Shopify's retry (same webhook id) or a second webhook for the same event. */
  private redeliver(): boolean {
    const recent = Math.min(this.deliveries.length, 4 * this.options.spacing + 50);
    if (recent < 20) return false;
    const original = this.deliveries[this.deliveries.length - 1 - Math.floor(this.random() * recent)];
    if (!original) return false;
    const sameId = this.random() < 0.5;
    this.deliveries.push({ ...original, webhookId: sameId ? original.webhookId : `${original.webhookId}-again-${this.deliveries.length}`, redelivery: sameId ? "same-id" : "new-id" });
    this.stats.byTopic[original.topic] = (this.stats.byTopic[original.topic] ?? 0) + 1;
    if (sameId) this.stats.redeliveries.sameId += 1;
    else this.stats.redeliveries.newId += 1;
    return true;
  }
}
