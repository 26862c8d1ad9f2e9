// shop/update: a merchant who changes plan (to or from Shopify Plus) or customer accounts (classic or new) changes
// where their shoppers can redeem (app/loyalty/redemption/redeem-places.ts). Shopify sends this topic when the
// shop's settings change; its payload names the plan only as a free-form `plan_name` and says nothing of customer
// accounts, so Tally asks the Admin API again with the install's ShopProfile query and stores the answer through
// registerShop, the one path that writes `shops.shopify_plus` and `shops.customer_accounts`. Asking again gives the
// same answer for a redelivery, so the topic is idempotent without a ledger of deliveries
// (docs/decisions/049-where-to-redeem-on-every-surface.md).
import { registerShop } from "~/admin/shop-profile.server";
import type { TallyDatabase } from "~/db/database.server";
import { log } from "~/operations/logger.server";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";

export type ShopUpdateOutcome = "refreshed" | "not_installed";

/**
 * Refreshes the shop's profile from the Admin API. A shop Tally holds no offline session for (`admin` null) or has
 * not registered yet is left alone: there is nothing to ask with, or its install reads the profile itself.
 */
export async function handleShopUpdate(db: TallyDatabase, admin: AdminGraphql | null, shop: string, planName: string | null): Promise<ShopUpdateOutcome> {
  if (admin === null) return "not_installed";
  const known = await db.read.shop.findUnique({ where: { domain: shop }, select: { domain: true, uninstalledAt: true } });
  if (!known || known.uninstalledAt !== null) return "not_installed";
  await registerShop(db, admin, shop);
  // The payload's plan name, for an operator reading why redeemAt changed; the Admin API's answer is what was stored.
  log().info({ shop, planName }, "shop/update: read the shop's plan and customer accounts again");
  return "refreshed";
}
