// Points for one order (thank-you page) and an estimate for a cart (checkout), from the same rules the webhooks
// apply when the order is paid.
import type { TallyDatabase } from "~/db/database.server";
import { toMinorUnits } from "~/money/money";
import { purchasePoints } from "~/loyalty/earning/purchase-points";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import { tierNow } from "~/loyalty/tiers/member-tiers.server";
import { campaignBonus } from "~/loyalty/campaigns/campaign-points";
import { memberStanding, type Standing } from "~/loyalty/exclusion/member-standing";

export interface CartEstimate {
  /** Null in a currency that is not the shop's. */
  points: number | null;
  standing: Standing;
}

export type OrderPoints = { points: number; status: "pending" | "posted" | "none" | "processing" };

/** The numeric id in "123", "gid://shopify/Order/123" or "gid://shopify/OrderIdentity/123" (the thank-you page's). */
export function numericOrderId(value: string): string | null {
  return /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d{1,20})$/.exec(value.trim())?.[1] ?? null;
}

/**
 * What the order earns the shopper: "processing" until its payment reaches Tally (the thank-you page often loads
 * first), then its points, pending or posted. An order of someone else reads as "none".
 */
export async function orderPoints(db: TallyDatabase, shop: ShopRecord, customerId: string | null, orderId: string, now: Date): Promise<OrderPoints> {
  if (customerId === null) return { points: 0, status: "none" };
  const order = await db.read.loyaltyOrder.findUnique({ where: { shop_orderId: { shop: shop.domain, orderId } } });
  if (!order) return { points: 0, status: "processing" };
  if (order.customerId !== customerId) return { points: 0, status: "none" };
  if (order.earnedPoints === null) return { points: 0, status: "processing" };
  if (order.earnedPoints <= 0 || order.cancelledAt) return { points: 0, status: "none" };
  const pending = order.pointsPostAt !== null && order.pointsPostAt.getTime() > now.getTime();
  return { points: order.earnedPoints, status: pending ? "pending" : "posted" };
}

/**
 * Points a cart's subtotal would earn at the shopper's tier (the entry tier when signed out), with the bonus of the
 * campaigns running now on every product (a subtotal does not say which products a cart holds, so campaigns on
 * chosen collections are left out rather than promised); null in another currency. None while the shopper is not
 * in the program (excluded, or the program paused): an order paid now would earn nothing
 * (app/loyalty/exclusion/member-standing.ts), so promising points would be a promise broken.
 */
export async function estimatePoints(db: TallyDatabase, shop: ShopRecord, customerId: string | null, amount: string, currencyCode: string, now: Date = new Date()): Promise<CartEstimate> {
  const member = customerId
    ? await db.read.member.findUnique({ where: { shop_customerId: { shop: shop.domain, customerId } }, select: { id: true, tags: true, excludedAt: true } })
    : null;
  const standing = memberStanding(member, shop.rules, now);
  if (currencyCode.toUpperCase() !== shop.currencyCode) return { points: null, standing };
  const subtotal = toMinorUnits(amount, shop.currencyCode);
  if (standing !== "in") return { points: 0, standing };
  // At the tier this order would earn at, counted now (not the stored tier, which may be a day behind).
  const tier = member ? (await tierNow(db, shop.domain, member.id, shop.rules, now)).tier : tierFor(0, shop.rules.tiers);
  const campaigns = campaignBonus(shop.rules.campaigns, now, { eligibleMinor: subtotal, spendIn: () => null }, shop.rules.earn, tier);
  return { points: purchasePoints(subtotal, shop.rules.earn, tier) + campaigns.points, standing };
}
