// What Tally records about a shop when it is installed: its name and currency, read from the Admin API.
import type { Writer } from "~/db/database.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { SHOP_PROFILE_QUERY, shopProfileData } from "~/shopify-admin/shop-profile-query";

/** Registers the shop with the default program, or refreshes its name and currency on a re-install. */
export async function registerShop(db: Writer, admin: AdminGraphql, domain: string): Promise<void> {
  const { shop } = await runAdminQuery(admin, SHOP_PROFILE_QUERY, {}, shopProfileData);
  await upsertShop(db, { domain, name: shop.name, currencyCode: shop.currencyCode });
}
