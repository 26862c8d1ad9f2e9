// Runs the order reconciliation for every installed shop that Tally can reach: one with an offline session
// (Shopify's token for work outside a request) that has not uninstalled the app. One shop's failure (an expired
// token, Shopify down) does not stop the others; it is reported and retried on the next run from the same cursor.
import type { TallyDatabase } from "~/db/database.server";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { reconcileOrders, type ReconcileRun } from "./reconcile-orders.server";

export type ShopReconciliation = { shop: string; ok: true; run: ReconcileRun } | { shop: string; ok: false; error: unknown };

/** Shops with an offline session and no uninstall, in domain order; with `notSince`, only those not reconciled since. */
export async function reachableShops(db: TallyDatabase, notSince?: Date): Promise<string[]> {
  const sessions = await db.read.session.findMany({ where: { isOnline: false }, select: { shop: true }, distinct: ["shop"] });
  const shops = await db.read.shop.findMany({
    where: {
      domain: { in: sessions.map((session) => session.shop) },
      uninstalledAt: null,
      ...(notSince ? { OR: [{ ordersReconciledAt: null }, { ordersReconciledAt: { lt: notSince } }] } : {}),
    },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  return shops.map((shop) => shop.domain);
}

export async function reconcileShops(
  db: TallyDatabase,
  now: Date,
  adminFor: (shop: string) => Promise<AdminGraphql>,
  options: { notSince?: Date } = {},
): Promise<ShopReconciliation[]> {
  const results: ShopReconciliation[] = [];
  for (const shop of await reachableShops(db, options.notSince)) {
    try {
      results.push({ shop, ok: true, run: await reconcileOrders(db, shop, await adminFor(shop), now) });
    } catch (error) {
      results.push({ shop, ok: false, error });
    }
  }
  return results;
}
