// The production entry of the order reconciliation: each shop's Admin API client comes from its offline session,
// through the SDK (shopify.server.ts).
import type { TallyDatabase } from "~/db/database.server";
import { unauthenticated } from "~/shopify.server";
import { reconcileShops, type ShopReconciliation } from "./reconcile-shops.server";

export async function reconcileAllShops(db: TallyDatabase, now: Date): Promise<ShopReconciliation[]> {
  const results = await reconcileShops(db, now, async (shop) => (await unauthenticated.admin(shop)).admin);
  for (const result of results) {
    if (!result.ok) console.error(`Tally: reconciling ${result.shop}'s orders failed; the next run covers the same window again.`, result.error);
  }
  return results;
}
