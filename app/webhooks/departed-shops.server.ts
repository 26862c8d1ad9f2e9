// Deliveries for a shop that is not installed — it uninstalled, shop/redact erased it, or it never installed —
// are dropped. The intake drops those that arrive after (delivery-intake-store.server.ts); these are the ones
// queued before the shop went away, which the worker meets later. Working them would re-create members, orders
// and points for a shop that asked to be forgotten, so the worker marks them done unworked (completeDelivery,
// which drops the payload).
import type { TallyDatabase } from "~/db/database.server";

export async function shopIsInstalled(db: TallyDatabase, shop: string): Promise<boolean> {
  const row = await db.read.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
  return row !== null && row.uninstalledAt === null;
}

