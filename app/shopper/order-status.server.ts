// One of the signed-in shopper's orders as its order-status page shows it (GET /api/shopper/order-status): the
// points it earned or will earn when its pending window ends, net of refunds, and the rewards the shopper's
// available points now cover, and where they can be spent. An order of another customer is not found, whatever it holds.
import type { OrderStatusResponse } from "../../contract/shopper-api";
import type { TallyDatabase } from "~/db/database.server";
import { reversedPointsForRefunds } from "~/loyalty/earning/purchase-points";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { redeemPlaces } from "~/loyalty/redemption/redeem-places";
import { rewardCatalogue } from "~/loyalty/redemption/rewards";
import { tierNow } from "~/loyalty/tiers/member-tiers.server";
import { memberStanding } from "~/loyalty/exclusion/member-standing";
import { tierFor } from "~/loyalty/tiers/tiers";
import { describeReward } from "./program-explainer";
import type { ShopperStrings } from "./shopper-strings";

type OrderPart = OrderStatusResponse["order"];

interface OrderFacts {
  customerId: string | null;
  earnedPoints: number | null;
  eligibleMinor: number;
  refundedMinor: number;
  cancelledAt: Date | null;
  pointsPostAt: Date | null;
}

/** What the order earns now: nothing once cancelled or fully refunded, "processing" until its payment reaches Tally. */
export function orderPart(order: OrderFacts | null, now: Date): OrderPart {
  if (order?.cancelledAt) return { points: 0, status: "none", postsAt: null };
  if (!order || order.earnedPoints === null) return { points: 0, status: "processing", postsAt: null };
  const points = order.earnedPoints - reversedPointsForRefunds(order.earnedPoints, order.eligibleMinor, order.refundedMinor);
  if (points <= 0) return { points: 0, status: "none", postsAt: null };
  if (order.pointsPostAt !== null && order.pointsPostAt.getTime() > now.getTime()) {
    return { points, status: "pending", postsAt: order.pointsPostAt.toISOString() };
  }
  return { points, status: "posted", postsAt: null };
}

/** The answer for `customerId`'s order, or null when the order is someone else's. */
export async function orderStatus(db: TallyDatabase, shop: ShopRecord, customerId: string, orderId: string, strings: ShopperStrings, now: Date): Promise<OrderStatusResponse | null> {
  const [order, member] = await Promise.all([
    db.read.loyaltyOrder.findUnique({
      where: { shop_orderId: { shop: shop.domain, orderId } },
      select: { customerId: true, earnedPoints: true, eligibleMinor: true, refundedMinor: true, cancelledAt: true, pointsPostAt: true },
    }),
    db.read.member.findUnique({ where: { shop_customerId: { shop: shop.domain, customerId } }, select: { id: true, tags: true, excludedAt: true } }),
  ]);
  if (order && order.customerId !== customerId) return null;
  const [balance, current] = member
    ? await Promise.all([db.read.balance.findUnique({ where: { memberId: member.id }, select: { available: true } }), tierNow(db, shop.domain, member.id, shop.rules, now)])
    : [null, null];
  // A negative balance is points owed (ADR 021): nothing is affordable until it is repaid. Nor while the shopper is
  // out of the program (excluded, or the program paused: ADR 041), as the summary's rewards say.
  const available = Math.max(0, balance?.available ?? 0);
  const spendable = memberStanding(member, shop.rules, now) === "in" ? available : 0;
  return {
    order: orderPart(order, now),
    available,
    // A shopper who is no member yet holds the entry tier's key for what tier-only rewards allow.
    affordable: rewardCatalogue(shop.rules, available, current?.tier.key ?? tierFor(0, shop.rules.tiers).key)
      .filter((reward) => reward.points <= spendable)
      .map((reward) => describeReward(reward, strings, shop.rules.tiers)),
    redeemAt: redeemPlaces(shop),
  };
}
