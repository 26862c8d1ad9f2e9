// Deliveries for a shop that is not installed — it uninstalled, shop/redact erased it, or it never installed —
// are dropped. The intake drops those that arrive after (delivery-intake-store.server.ts); these are the ones
// queued before the shop went away, which the worker meets later. Working them would re-create members, orders
// and points for a shop that asked to be forgotten, so the worker marks them done unworked (completeDeliveries,
// which drops the payload).
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { installedShopRules } from "~/loyalty/program/shop-store.server";

/** A shop's program when the shop is installed, null when it is not: one read gives the worker both. */
export type InstalledRules = (shop: string) => Promise<ProgramRules | null>;

/**
 * Each shop's program, read once in the unit of work `db` belongs to and kept for the rest of it: a batch settles
 * up to 25 deliveries, mostly of one shop, under the shops' settlement locks, and no delivery changes a program
 * or a shop's installed state. Read per delivery, the shop's row and the parse of its program were a round trip
 * and a schema's parse for every delivery (docs/decisions/062-one-read-and-one-write-per-batch.md).
 */
export function installedRulesInUnit(db: TallyDatabase): InstalledRules {
  const read = new Map<string, Promise<ProgramRules | null>>();
  return (shop) => {
    let rules = read.get(shop);
    if (!rules) {
      rules = installedShopRules(db.sql, shop);
      read.set(shop, rules);
    }
    return rules;
  };
}

