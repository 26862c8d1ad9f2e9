// Deliveries for a shop that is not installed — it uninstalled, shop/redact erased it, or it never installed —
// are dropped. The intake drops those that arrive after (delivery-intake-store.server.ts); these are the ones
// queued before the shop went away, which the worker meets later. Working them would re-create members, orders
// and points for a shop that asked to be forgotten, so the worker marks them done unworked (completeDelivery,
// which drops the payload).
import type { TallyDatabase } from "~/db/database.server";
import { installedShopRules } from "~/loyalty/program/shop-store.server";

export async function shopIsInstalled(db: TallyDatabase, shop: string): Promise<boolean> {
  return (await installedShopRules(db.sql, shop)) !== null;
}

