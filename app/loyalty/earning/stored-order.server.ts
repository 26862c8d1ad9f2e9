// An order as settlement reads it, with its referral, by one statement: the order writer reads it after every
// write of one order (order-rollups.server.ts, writeOrder), and hands it to settlement, which would otherwise read
// it again at once (docs/decisions/068-an-order-is-read-once-per-event.md).
import type { TallyDatabase } from "~/db/database.server";
import { dateOf } from "~/db/driver-sql.server";

/** An order as settlement reads it. */
export interface StoredOrder {
  shop: string;
  orderId: string;
  customerId: string | null;
  memberId: string | null;
  paidAt: Date | null;
  test: boolean;
  eligibleMinor: number;
  refundedMinor: number;
  earnedPoints: number | null;
  tierAtPaid: string | null;
  pointsPostAt: Date | null;
  cancelledAt: Date | null;
  emailKey: string | null;
  shippingAddressKey: string | null;
  discountCodes: string;
  referralCode: string | null;
  /** JSON of eligible spend per product, or null (PaidOrder.productSpend). */
  productSpend: string | null;
  /** The tags the order's payload carried. */
  customerTags: string | null;
  /** When staff excluded the order's member, if they are excluded now. */
  memberExcludedAt: Date | null;
  /** The order's referral (an order has at most one), as it stood when the order was read. */
  referral: OrderReferral | null;
}

/** A referral as an order's settlement and rollups need it (the referrals feature writes it). */
export interface OrderReferral {
  id: string;
  advocateMemberId: string;
  status: string;
  reason: string | null;
  rewardAt: Date | null;
}

// The member's exclusion and the order's referral are read in the same statement: settlement is the hot path, and
// it needs no other column of the member's. The referral's key (shop, order_id) is unique.
const STORED_ORDER = `SELECT o.shop, o.order_id, o.customer_id, o.member_id, o.paid_at, o.test, o.eligible_minor, o.refunded_minor,
  o.earned_points, o.tier_at_paid, o.points_post_at, o.cancelled_at, o.email_key, o.shipping_address_key, o.discount_codes, o.referral_code,
  o.product_spend, o.customer_tags,
  (SELECT excluded_at FROM members WHERE members.id = o.member_id) AS member_excluded_at,
  r.id AS referral_id, r.advocate_member_id, r.status AS referral_status, r.reason AS referral_reason, r.reward_at AS referral_reward_at
  FROM orders o LEFT JOIN referrals r ON r.shop = o.shop AND r.order_id = o.order_id
  WHERE o.shop = ? AND o.order_id = ?`;

// The same columns, given back by the INSERT that creates an order (both databases take RETURNING, which cannot
// join): a referral may name an order before it is paid or even seen (referral-store.server.ts), so its columns
// are looked up one by one, each by the referrals' unique (shop, order_id).
const REFERRAL_OF_ORDER = "FROM referrals r WHERE r.shop = orders.shop AND r.order_id = orders.order_id";
const RETURNING_STORED_ORDER = `RETURNING shop, order_id, customer_id, member_id, paid_at, test, eligible_minor, refunded_minor,
  earned_points, tier_at_paid, points_post_at, cancelled_at, email_key, shipping_address_key, discount_codes, referral_code,
  product_spend, customer_tags,
  (SELECT excluded_at FROM members WHERE members.id = orders.member_id) AS member_excluded_at,
  (SELECT r.id ${REFERRAL_OF_ORDER}) AS referral_id, (SELECT r.advocate_member_id ${REFERRAL_OF_ORDER}) AS advocate_member_id,
  (SELECT r.status ${REFERRAL_OF_ORDER}) AS referral_status, (SELECT r.reason ${REFERRAL_OF_ORDER}) AS referral_reason,
  (SELECT r.reward_at ${REFERRAL_OF_ORDER}) AS referral_reward_at`;

/**
 * Runs `insert`, an INSERT INTO orders … ON CONFLICT DO NOTHING of one order, and returns the order it created as
 * findOrder would read it, or null when the order existed: one statement where a read after it would be a second.
 */
export async function insertOrder(db: TallyDatabase, insert: string, params: readonly unknown[]): Promise<StoredOrder | null> {
  const rows = await db.sql.all<Record<string, unknown>>(`${insert} ${RETURNING_STORED_ORDER}`, params);
  return rows[0] ? storedOrderOf(rows[0]) : null;
}

export async function findOrder(db: TallyDatabase, shop: string, orderId: string): Promise<StoredOrder | null> {
  const row = await db.sql.get<Record<string, unknown>>(STORED_ORDER, [shop, orderId]);
  return row ? storedOrderOf(row) : null;
}

function storedOrderOf(row: Record<string, unknown>): StoredOrder {
  return {
    shop: row.shop as string,
    orderId: row.order_id as string,
    customerId: row.customer_id as string | null,
    memberId: row.member_id as string | null,
    paidAt: dateOf(row.paid_at),
    test: Boolean(row.test),
    eligibleMinor: Number(row.eligible_minor),
    refundedMinor: Number(row.refunded_minor),
    earnedPoints: row.earned_points === null ? null : Number(row.earned_points),
    tierAtPaid: row.tier_at_paid as string | null,
    pointsPostAt: dateOf(row.points_post_at),
    cancelledAt: dateOf(row.cancelled_at),
    emailKey: row.email_key as string | null,
    shippingAddressKey: row.shipping_address_key as string | null,
    discountCodes: row.discount_codes as string,
    referralCode: row.referral_code as string | null,
    productSpend: row.product_spend as string | null,
    customerTags: row.customer_tags as string | null,
    memberExcludedAt: dateOf(row.member_excluded_at),
    referral: row.referral_id
      ? {
          id: row.referral_id as string,
          advocateMemberId: row.advocate_member_id as string,
          status: row.referral_status as string,
          reason: row.referral_reason as string | null,
          rewardAt: dateOf(row.referral_reward_at),
        }
      : null,
  };
}
