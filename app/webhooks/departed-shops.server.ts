// Deliveries for a shop that is not installed — it uninstalled, shop/redact erased it, or it never installed —
// are dropped. The intake drops those that arrive after (delivery-intake-store.server.ts); these are the ones
// queued before the shop went away, which the worker meets later. Working them would re-create members, orders
// and points for a shop that asked to be forgotten, so the worker marks them done unworked (completeDelivery,
// which drops the payload).
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { installedShopRules } from "~/loyalty/program/shop-store.server";

/** The shop's program when the shop is installed, null when it is not: one read gives the worker both. */
export function rulesIfInstalled(db: TallyDatabase, shop: string): Promise<ProgramRules | null> {
  return installedShopRules(db.sql, shop);
}

