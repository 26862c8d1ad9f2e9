// The shop `npm run bench:admin` measures: a deterministic, large loyalty history (by default 100,000 members and
// 1,000,000 transfers) with orders, referrals, redemptions, imports and staff audit events in proportion.
//
// Rows are produced member by member as plain column arrays for a writer to insert in bulk (bench/admin-seed.ts).
// Each member's history is played forward with the ledger's own rules: every transfer goes through
// applyTransfer (app/loyalty/ledger/balances.ts), the one definition of what a transfer does to a balance, and
// the balances row written is what the transfers add up to. Spending never exceeds what is available, pending
// transfers resolve at most once, reversals undo at most what was posted, as the ledger writer would enforce.
import { createHash } from "node:crypto";
import { seededRandom, type SeededRandom } from "~/demo/seeded-random";
import { applyTransfer, availablePoints, ZERO_BALANCES, type Balances } from "~/loyalty/ledger/balances";
import { timestampText } from "~/db/sqlite-timestamp";
import { balanceParams, transferParams } from "~/loyalty/ledger/ledger-rows.server";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { Transfer, TransferStatus } from "~/loyalty/ledger/transfers";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { tierFor } from "~/loyalty/tiers/tiers";

export interface DatasetOptions {
  shop: string;
  members: number;
  transfers: number;
  /** The end of the history; everything happens in the three years before it. */
  now: Date;
  seed: number;
}

/** Column lists, in the order each writer binds them. */
export const COLUMNS = {
  members: [
    "id", "shop", "customer_id", "email", "first_name", "last_name", "account_state", "redacted_at", "tier", "tier_spend",
    "referral_code", "address_key", "signup_bonus_at", "created_at", "updated_at",
  ],
  balances: ["member_id", "shop", "posted", "pending_credit", "pending_debit", "available", "lifetime_earned", "updated_at", "last_transfer_id"],
  transfers: [
    "id", "shop", "member_id", "code", "points", "status", "pending_id", "reverses_id", "order_id", "idempotency_key",
    "fingerprint", "memo", "actor", "created_at",
  ],
  orders: [
    "shop", "order_id", "customer_id", "member_id", "paid_at", "test", "eligible_minor", "earned_points", "tier_at_paid",
    "points_post_at", "cancelled_at", "refunded_minor", "email_key", "shipping_address_key", "discount_codes",
    "referral_code", "created_at", "updated_at",
  ],
  referrals: [
    "id", "shop", "advocate_member_id", "friend_customer_id", "order_id", "code", "status", "reason", "reward_at",
    "decided_by", "decided_at", "created_at", "updated_at",
  ],
  redemptions: ["id", "shop", "member_id", "code", "points", "reservation_id", "status", "expires_at", "discount_id", "order_id", "created_at", "updated_at"],
  audit_events: ["id", "shop", "actor_id", "actor_name", "action", "subject_id", "details", "created_at"],
  imports: [
    "id", "shop", "file_name", "format", "file_sha256", "status", "total_rows", "processed_rows", "imported_rows",
    "skipped_rows", "errors", "rows", "created_by", "created_at", "finished_at",
  ],
  data_requests: ["id", "shop", "customer_id", "export", "requested_at"],
} as const;

export type Table = keyof typeof COLUMNS;
export type Row = unknown[];
export type Sink = (table: Table, row: Row) => void;

export interface DatasetSummary {
  members: number;
  transfers: number;
  orders: number;
  referrals: number;
  redemptions: number;
  auditEvents: number;
  imports: number;
  dataRequests: number;
  /** Members per tier key. */
  tiers: Record<string, number>;
  /** What every balances row adds up to, to compare with the database after seeding. */
  totals: { posted: number; pendingCredit: number; pendingDebit: number; lifetimeEarned: number };
}

const DAY = 86_400_000;
const HISTORY_DAYS = 3 * 365;
const PENDING_DAYS = 14;
const REWARD_POINTS = 500;
const STAFF = [
  { id: "1001", name: "Alex Morgan" },
  { id: "1002", name: "Sam Rivera" },
  { id: "1003", name: "Jordan Lee" },
];
const FIRST_NAMES = [
  "Ava", "Liam", "Mia", "Noah", "Emma", "Lucas", "Sofia", "Ethan", "Chloe", "Mateo", "Amara", "Kenji", "Priya", "Oliver", "Leila",
  "Hugo", "Nina", "Omar", "Freya", "Diego", "Yara", "Theo", "Isla", "Arjun", "Clara", "Kwame", "Mei", "Jack", "Zoe", "Ravi",
  "Elena", "Samuel", "Grace", "Felix", "Hannah", "Adam", "Lea", "Julian", "Aisha", "Max",
];
const LAST_NAMES = [
  "Nguyen", "Adeyemi", "Petrova", "Murphy", "Chen", "Johansson", "Thompson", "Kaminski", "Dubois", "Rossi", "Kowalski",
  "Campbell", "Nilsson", "Martin", "Moreau", "Bauer", "Bello", "Lin", "Novak", "Janssen", "Nwosu", "Brooks", "Schmidt",
  "Raman", "Wright", "Herrera", "Goldberg", "Delgado", "Lindqvist", "Weber", "Mehta", "Mensah", "Garcia", "Patel",
  "Lefebvre", "O'Connor", "Okafor", "Silva", "MacLeod", "Haddad", "Fernández", "Watanabe", "Karimi", "Papadopoulos",
  "Russo", "Cohen", "Andersen", "Kelly", "Vargas", "Fischer",
];

/** A UUID-shaped id that is the same on every run: the kind digit tells tables apart, the counter rows. */
function benchId(kind: number, counter: number): string {
  const hex = counter.toString(16).padStart(12, "0");
  return `b${kind}000000-0000-4000-8000-${hex}`;
}

/** The id of the member generated at `index` (from 0), for a benchmark that wants particular members. */
export function memberIdAt(index: number): string {
  return benchId(1, index + 1);
}

/** Members with the longest histories (thousands of transfers) sit at these indexes; every 20th from 7 has none. */
export const HEAVY_MEMBER_INDEXES = [500, 1500, 2500];
export const MEMBER_WITHOUT_TRANSFERS_INDEX = 7;

const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;

/**
 * How many transfers each member gets: 5% none (signed up, never bought), a hundred heavy buyers with
 * thousands (the detail page's long histories), the rest spread exponentially. Sums to exactly `total`.
 */
function transferCounts(random: SeededRandom, members: number, total: number): number[] {
  const weights = Array.from({ length: members }, (_, i) => {
    if (i % 20 === 7) return 0;
    if (i % 1000 === 500) return 250 * (0.5 + random.next());
    return 0.2 - Math.log(1 - random.next());
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % members) {
    if (weights[i] === 0) continue;
    counts[i] = (counts[i] ?? 0) + 1;
    missing -= 1;
  }
  return counts;
}

interface Pending {
  transfer: Transfer;
  orderId: string | null;
  redemption: Row | null;
}

/** Positions in COLUMNS.orders and COLUMNS.redemptions of what a member's later events change. */
const ORDER_CANCELLED_AT = COLUMNS.orders.indexOf("cancelled_at");
const ORDER_REFUNDED_MINOR = COLUMNS.orders.indexOf("refunded_minor");
const ORDER_ELIGIBLE_MINOR = COLUMNS.orders.indexOf("eligible_minor");
const ORDER_EARNED_POINTS = COLUMNS.orders.indexOf("earned_points");
const REDEMPTION_STATUS = COLUMNS.redemptions.indexOf("status");
const REDEMPTION_UPDATED_AT = COLUMNS.redemptions.indexOf("updated_at");

/**
 * Writes the dataset into `sink` member by member, yielding after each member (how many so far) so a writer can
 * flush what it buffered; returns what it wrote.
 */
export function* generateDataset(options: DatasetOptions, sink: Sink): Generator<number, DatasetSummary> {
  const { shop, now } = options;
  const random = seededRandom(options.seed);
  const rules = defaultProgramRules();
  const counts = transferCounts(random, options.members, options.transfers);
  const start = now.getTime() - HISTORY_DAYS * DAY;
  const summary: DatasetSummary = {
    members: 0,
    transfers: 0,
    orders: 0,
    referrals: 0,
    redemptions: 0,
    auditEvents: 0,
    imports: 0,
    dataRequests: 0,
    tiers: {},
    totals: { posted: 0, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 0 },
  };
  let transferCounter = 0;
  let orderCounter = 0;
  let otherCounter = 0;
  const audit = (action: string, subjectId: string | null, details: Record<string, unknown>, at: Date) => {
    const staff = pick(random, STAFF);
    sink("audit_events", [benchId(5, ++otherCounter), shop, staff.id, staff.name, action, subjectId, JSON.stringify(details), timestampText(at)]);
    summary.auditEvents += 1;
  };
  /** An order row; a member's own orders are held (`held`) until their cancellations and refunds are known. */
  const order = (row: { customerId: string | null; memberId: string | null; paidAt: Date; eligibleMinor: number; points: number | null; tier: string | null; referralCode: string | null }, held?: Map<string, Row>) => {
    const orderId = String(5_000_000_000 + ++orderCounter);
    const paid = timestampText(row.paidAt);
    const values: Row = [
      shop, orderId, row.customerId, row.memberId, paid, false, row.eligibleMinor, row.points, row.tier,
      timestampText(new Date(row.paidAt.getTime() + PENDING_DAYS * DAY)), null, 0, null, null, "[]", row.referralCode, paid, paid,
    ];
    if (held) held.set(orderId, values);
    else sink("orders", values);
    summary.orders += 1;
    return orderId;
  };

  // Rule changes over the years, for the activity page's audit log.
  for (let i = 0; i < 60; i++) {
    audit("program.updated", null, { fields: [pick(random, ["tiers", "earning", "redemption", "expiry", "referrals"])] }, new Date(start + random.next() * HISTORY_DAYS * DAY));
  }
  // Earlier imports from another loyalty app.
  for (let i = 0; i < 20; i++) {
    const id = benchId(6, i + 1);
    const at = new Date(start + (i / 20) * 60 * DAY);
    const rows = 500 + Math.floor(random.next() * 4500);
    const staff = pick(random, STAFF);
    sink("imports", [
      id, shop, `smile-export-${i + 1}.csv`, pick(random, ["generic", "smile", "loyaltylion"]), createHash("sha256").update(id).digest("hex"), "completed",
      rows, rows, rows - 3, 3, "[]", "[]", staff.name, timestampText(at), timestampText(new Date(at.getTime() + 60_000)),
    ]);
    summary.imports += 1;
    audit("import.completed", id, { rows, imported: rows - 3 }, at);
  }

  for (let m = 0; m < options.members; m++) {
    const memberId = memberIdAt(m);
    const customerId = String(8_000_000_000 + m);
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const email = `${firstName}.${lastName}.${m}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, "");
    const referralCode = `REF${(m + 1).toString(36).toUpperCase()}`;
    const target = counts[m] ?? 0;
    const joined = start + random.next() * (HISTORY_DAYS - 30) * DAY;
    // Events are spaced evenly, with jitter, from joining to now.
    const step = (now.getTime() - joined) / (target + 1);
    let clock = joined;
    const tick = () => new Date((clock = Math.min(clock + step * (0.5 + random.next()), now.getTime() - 1000)));

    let balances: Balances = ZERO_BALANCES;
    const transfers: Transfer[] = [];
    const reversible: { transfer: Transfer; left: number }[] = [];
    const memberOrders = new Map<string, Row>();
    const memberRedemptions: Row[] = [];
    let tierSpend = 0;
    let signupBonusAt: Date | null = null;
    const write = (t: { code: TransferCode; points: number; status: TransferStatus; at: Date; pendingId?: string; reversesId?: string; orderId?: string | null; memo?: string | null; actor?: string }) => {
      const id = benchId(2, ++transferCounter);
      const transfer: Transfer = {
        id,
        shop,
        memberId,
        code: t.code,
        points: t.points,
        status: t.status,
        pendingId: t.pendingId ?? null,
        reversesId: t.reversesId ?? null,
        orderId: t.orderId ?? null,
        idempotencyKey: `bench:${id}`,
        fingerprint: id.slice(-12),
        memo: t.memo ?? null,
        actor: t.actor ?? "system",
        createdAt: t.at,
      };
      balances = applyTransfer(balances, transfer);
      transfers.push(transfer);
      return transfer;
    };
    /**
     * Posts or voids a pending transfer `days` after it was made, as the jobs would (purchases post when the
     * pending window ends, reward codes are used or lapse); one still inside its window stays pending.
     */
    const resolve = (pending: Pending, outcome: "post" | "void", days: number) => {
      const at = new Date(pending.transfer.createdAt.getTime() + days * DAY);
      if (at.getTime() >= now.getTime()) return;
      const code = outcome === "post" ? pending.transfer.code : pending.transfer.points > 0 ? "CANCELLATION" : "REDEMPTION_RELEASE";
      const row = write({ code, points: pending.transfer.points, status: outcome === "post" ? "posted" : "voided", at, pendingId: pending.transfer.id, orderId: pending.orderId });
      if (outcome === "post" && row.points > 0) reversible.push({ transfer: row, left: row.points });
      const placed = pending.orderId ? memberOrders.get(pending.orderId) : undefined;
      if (placed && outcome === "void") placed[ORDER_CANCELLED_AT] = timestampText(at);
      if (pending.redemption) {
        pending.redemption[REDEMPTION_STATUS] = outcome === "post" ? "used" : "released";
        pending.redemption[REDEMPTION_UPDATED_AT] = timestampText(at);
      }
      return row;
    };

    while (transfers.length < target) {
      const left = target - transfers.length;
      const at = tick();
      const roll = random.next();
      const available = availablePoints(balances);
      if (transfers.length === 0 && roll < 0.8) {
        write({ code: "SIGNUP_BONUS", points: rules.signupBonus, status: "posted", at, memo: "Welcome bonus" });
        signupBonusAt = at;
      } else if (roll < 0.65 || left === 1) {
        const eligibleMinor = 1500 + Math.floor(random.next() * 20_000);
        const tier = tierFor(tierSpend, rules.tiers);
        const points = Math.floor((eligibleMinor / 100) * (tier.multiplierPercent / 100));
        tierSpend += eligibleMinor;
        const orderId = order({ customerId, memberId, paidAt: at, eligibleMinor, points, tier: tier.key, referralCode: null }, memberOrders);
        const pending = write({ code: "PURCHASE", points, status: "pending", at, orderId, memo: `Order #${orderCounter}` });
        if (left >= 2) resolve({ transfer: pending, orderId, redemption: null }, random.next() < 0.95 ? "post" : "void", PENDING_DAYS);
      } else if (roll < 0.75 && available >= REWARD_POINTS && left >= 2) {
        const redemptionId = benchId(4, ++otherCounter);
        const reservation = write({ code: "REDEMPTION", points: -REWARD_POINTS, status: "pending", at, memo: "Reward: $5 off" });
        // "issued" until the reservation is posted (the code was used) or voided (it lapsed).
        const redemption: Row = [
          redemptionId, shop, memberId, `TALLY-${redemptionId.slice(-8).toUpperCase()}`, REWARD_POINTS, reservation.id, "issued",
          timestampText(new Date(at.getTime() + 30 * DAY)), `gid://shopify/DiscountCodeNode/${otherCounter}`, null, timestampText(at), timestampText(at),
        ];
        memberRedemptions.push(redemption);
        const used = random.next() < 0.8;
        resolve({ transfer: reservation, orderId: null, redemption }, used ? "post" : "void", used ? 3 : 30);
        summary.redemptions += 1;
      } else if (roll < 0.85 && reversible.length > 0) {
        const undo = reversible[Math.floor(random.next() * reversible.length)] as { transfer: Transfer; left: number };
        const points = Math.max(1, Math.floor(undo.left * random.next()));
        if (available >= points && undo.transfer.createdAt <= at) {
          undo.left -= points;
          if (undo.left === 0) reversible.splice(reversible.indexOf(undo), 1);
          write({ code: "REFUND_REVERSAL", points: -points, status: "posted", at, reversesId: undo.transfer.id, orderId: undo.transfer.orderId, memo: "Refund" });
          const placed = undo.transfer.orderId ? memberOrders.get(undo.transfer.orderId) : undefined;
          if (placed) {
            const share = points / Number(placed[ORDER_EARNED_POINTS]);
            placed[ORDER_REFUNDED_MINOR] = Math.min(Number(placed[ORDER_ELIGIBLE_MINOR]), Number(placed[ORDER_REFUNDED_MINOR]) + Math.round(share * Number(placed[ORDER_ELIGIBLE_MINOR])));
          }
        } else {
          write({ code: "MILESTONE_BONUS", points: 250, status: "posted", at, memo: "Tenth order" });
        }
      } else if (roll < 0.9) {
        const points = random.next() < 0.7 || available < 100 ? 50 + Math.floor(random.next() * 450) : -Math.min(available, 50 + Math.floor(random.next() * 200));
        const staff = pick(random, STAFF);
        const row = write({ code: "ADJUSTMENT", points, status: "posted", at, memo: points > 0 ? "Goodwill for a late parcel" : "Correction of a phone order", actor: staff.name });
        audit("member.adjusted", memberId, { transferId: row.id, points }, at);
      } else if (roll < 0.94) {
        const friendCustomerId = String(9_000_000_000 + ++otherCounter);
        const friendOrder = order({ customerId: friendCustomerId, memberId: null, paidAt: at, eligibleMinor: 4000 + Math.floor(random.next() * 8000), points: null, tier: null, referralCode });
        const referralId = benchId(3, otherCounter);
        write({ code: "REFERRAL_ADVOCATE", points: REWARD_POINTS, status: "posted", at, orderId: friendOrder, memo: "Referral reward" });
        const byHand = random.next() < 0.2;
        sink("referrals", [
          referralId, shop, memberId, friendCustomerId, friendOrder, referralCode, "rewarded", null, timestampText(at),
          byHand ? pick(random, STAFF).name : null, byHand ? timestampText(at) : null, timestampText(at), timestampText(at),
        ]);
        summary.referrals += 1;
        if (byHand) audit("referral.approved", referralId, { orderId: friendOrder }, at);
      } else if (roll < 0.96 && available > 0) {
        write({ code: "EXPIRY", points: -Math.min(available, 100 + Math.floor(random.next() * 400)), status: "posted", at, memo: "Points expired after 12 months without activity" });
      } else if (roll < 0.98) {
        write({ code: "IMPORT", points: 100 + Math.floor(random.next() * 900), status: "posted", at, memo: "Imported from Smile.io" });
      } else {
        write({ code: "MILESTONE_BONUS", points: 250, status: "posted", at, memo: "Tenth order" });
      }
    }

    // Referrals that earned nothing: rejected by the fraud rules, still pending, or cancelled.
    if (m % 25 === 3) {
      const friendCustomerId = String(9_000_000_000 + ++otherCounter);
      const at = new Date(joined + random.next() * (now.getTime() - joined));
      const friendOrder = order({ customerId: friendCustomerId, memberId: null, paidAt: at, eligibleMinor: 5000, points: null, tier: null, referralCode });
      const status = pick(random, ["rejected", "rejected", "pending", "cancelled"] as const);
      const reason = status === "rejected" ? pick(random, ["self_referral", "same_email", "same_address", "not_first_order"]) : status === "cancelled" ? "order_refunded" : null;
      const referralId = benchId(3, otherCounter);
      const byHand = status === "rejected" && random.next() < 0.3;
      sink("referrals", [
        referralId, shop, memberId, friendCustomerId, friendOrder, referralCode, status, reason, status === "pending" ? timestampText(new Date(at.getTime() + PENDING_DAYS * DAY)) : null,
        byHand ? pick(random, STAFF).name : null, byHand ? timestampText(at) : null, timestampText(at), timestampText(at),
      ]);
      summary.referrals += 1;
      if (byHand) audit("referral.rejected", referralId, { orderId: friendOrder, reason }, at);
    }
    // Customers who are not members, for the dashboard's members-versus-others figures.
    if (m % 5 === 0) {
      order({ customerId: String(7_000_000_000 + m), memberId: null, paidAt: new Date(start + random.next() * HISTORY_DAYS * DAY), eligibleMinor: 2000 + Math.floor(random.next() * 15_000), points: null, tier: null, referralCode: null });
    }

    const tier = tierFor(tierSpend, rules.tiers).key;
    const created = timestampText(new Date(joined));
    sink("members", [
      memberId, shop, customerId, email, firstName, lastName, "enabled", null, tier, tierSpend, referralCode, null,
      signupBonusAt ? timestampText(signupBonusAt) : null, created, created,
    ]);
    summary.members += 1;
    // Now and then a customer asks for their data (customers/data_request); the export itself is not what is timed.
    if (m % 2000 === 11) {
      const export_ = JSON.stringify({ format: "tally-customer-data/1", shop, customerId, member: { email, firstName, lastName, tier } });
      sink("data_requests", [benchId(7, m + 1), shop, customerId, export_, timestampText(new Date(joined + random.next() * (now.getTime() - joined)))]);
      summary.dataRequests += 1;
    }
    summary.tiers[tier] = (summary.tiers[tier] ?? 0) + 1;
    const last = transfers[transfers.length - 1];
    if (last) {
      sink("balances", balanceParams(shop, memberId, balances, last.createdAt, last.id));
      summary.totals.posted += balances.posted;
      summary.totals.pendingCredit += balances.pendingCredit;
      summary.totals.pendingDebit += balances.pendingDebit;
      summary.totals.lifetimeEarned += balances.lifetimeEarned;
    }
    for (const transfer of transfers) sink("transfers", transferParams(transfer));
    for (const row of memberOrders.values()) sink("orders", row);
    for (const row of memberRedemptions) sink("redemptions", row);
    summary.transfers += transfers.length;
    yield summary.members;
  }
  return summary;
}
