// What Tally records about a shop when it is installed: its name and currency, read from the Admin API; the
// customer metafield definitions it writes members' points, tier and referral code under (docs/metafields.md);
// and the read of the shop's customers and past orders (docs/shop-history.md).
import type { TallyDatabase, Writer } from "~/db/database.server";
import { advanceHistoryRun } from "~/jobs/shop-history.server";
import { queueHistoryOnInstall } from "~/loyalty/shop-history/request-history-run.server";
import { ensureMetafieldDefinitions } from "~/loyalty/metafields/metafield-definitions.server";
import { isKnownTimeZone } from "~/loyalty/bonuses/birthday-bonus";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { customerAccountsOf } from "~/loyalty/redemption/redeem-places";
import { log } from "~/operations/logger.server";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { SHOP_PROFILE_QUERY, shopProfileData } from "~/shopify-admin/shop-profile-query";

/**
 * Registers the shop with the default program, or refreshes its name, currency, time zone, plan and customer
 * accounts on a re-install (which also runs when the app is opened after its scopes change): the plan and accounts
 * decide where its shoppers can redeem (app/loyalty/redemption/redeem-places.ts), the time zone the day a birthday
 * bonus is paid.
 */
export async function registerShop(db: Writer, admin: AdminGraphql, domain: string): Promise<void> {
  const { shop } = await runAdminQuery(admin, SHOP_PROFILE_QUERY, {}, shopProfileData);
  // A zone this runtime does not know is not stored (the one known before stays; without one, birthdays count UTC days).
  const timeZone = isKnownTimeZone(shop.ianaTimezone) ? shop.ianaTimezone : undefined;
  await upsertShop(db, {
    domain,
    name: shop.name,
    currencyCode: shop.currencyCode,
    timeZone,
    shopifyPlus: shop.plan.shopifyPlus,
    customerAccounts: customerAccountsOf(shop.customerAccountsV2.customerAccountsVersion),
  });
}

/**
 * What every install and re-install does (afterAuth in app/shopify.server.ts): register the shop, then create the
 * customer metafield definitions, or find them there, and start reading the shop's history (unless a read is
 * under way). A failure of either does not stop the merchant from opening the app: the job runner tries again.
 */
export async function afterInstall(db: TallyDatabase, admin: AdminGraphql, domain: string, now = new Date()): Promise<void> {
  await registerShop(db, admin, domain);
  try {
    await ensureMetafieldDefinitions(db, admin, domain, now);
  } catch (error) {
    log().warn({ err: error, shop: domain }, "customer metafield definitions were not created on install; the job runner tries again");
  }
  const history = await queueHistoryOnInstall(db, domain, now);
  try {
    if (history.queued) await advanceHistoryRun(db, history.id, admin, now);
  } catch (error) {
    log().warn({ err: error, shop: domain }, "the shop's history could not be read on install; the job runner tries again");
  }
}
