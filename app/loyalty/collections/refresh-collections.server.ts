// Reads the products of the collections the program names from the Admin API and keeps them in collection_products:
// when the merchant saves a program that names collections (before the save, so a collection Shopify cannot list
// refuses it) and from the job, which follows products added to or taken out of a collection since
// (docs/decisions/042-bonus-campaigns-and-collections.md).
import type { TallyDatabase } from "~/db/database.server";
import { COLLECTION_PRODUCTS_QUERY, collectionProductsData, type CollectionProductsData } from "~/shopify-admin/collection-products-query";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import type { ReportJobFailure } from "../job-failures";
import { parseProgramRules, type ProgramRules } from "../program/program-rules";
import { forgetCollectionsExcept, storeCollectionListings, type CollectionListing } from "./collection-store.server";
import { namedCollections, productNumber } from "./named-collections";

/** Each collection's products as the Admin API lists them now; a collection Shopify does not have lists none. */
export async function listCollections(admin: AdminGraphql, collectionIds: readonly string[]): Promise<CollectionListing[]> {
  const listings: CollectionListing[] = [];
  for (const collectionId of collectionIds) {
    const productIds: string[] = [];
    let title: string | null = null;
    let after: string | null = null;
    for (;;) {
      const { collection }: CollectionProductsData = await runAdminQuery(admin, COLLECTION_PRODUCTS_QUERY, { id: collectionId, after }, collectionProductsData);
      if (!collection) break;
      title = collection.title;
      for (const product of collection.products.nodes) {
        const id = productNumber(product.id);
        if (id) productIds.push(id);
      }
      if (!collection.products.pageInfo.hasNextPage || !collection.products.pageInfo.endCursor) break;
      after = collection.products.pageInfo.endCursor;
    }
    listings.push({ collectionId, title, productIds });
  }
  return listings;
}

/**
 * Before a save: the collections `after` names that `before` did not, listed now, so the first order after the save
 * already counts them; the job keeps the ones named before fresh.
 */
export function listNewlyNamedCollections(admin: AdminGraphql, before: Pick<ProgramRules, "earn" | "campaigns">, after: Pick<ProgramRules, "earn" | "campaigns">): Promise<CollectionListing[]> {
  const known = new Set(namedCollections(before));
  return listCollections(admin, namedCollections(after).filter((id) => !known.has(id)));
}

/**
 * The job's refresh of one shop: lists the collections its program names now and stores them, forgetting the rest.
 * Returns how many collections it read.
 */
export async function refreshShopCollections(db: TallyDatabase, admin: AdminGraphql, shop: string, now: Date): Promise<number> {
  const row = await db.read.shop.findUnique({ where: { domain: shop }, select: { programRules: true } });
  if (!row) return 0;
  const named = namedCollections(parseProgramRules(row.programRules));
  const listings = await listCollections(admin, named);
  await db.transaction(async (tx) => {
    // The program may have changed while Shopify answered: keep only what it names now.
    const current = await tx.read.shop.findUnique({ where: { domain: shop }, select: { programRules: true } });
    const still = current ? namedCollections(parseProgramRules(current.programRules)) : [];
    await storeCollectionListings(tx, shop, listings.filter((listing) => still.includes(listing.collectionId)), now);
    await forgetCollectionsExcept(tx, shop, still);
  });
  return named.length;
}

/** How often the products of a named collection are read again: the most an order's collections can be behind. */
export const COLLECTIONS_REFRESH_EVERY_MS = 60 * 60_000;

/**
 * The job: for each shop whose program names a collection not read in the last hour, reads them all again. A shop
 * that names none asks Shopify nothing. One shop's failure is reported and the others go on.
 */
export async function refreshDueCollections(
  db: TallyDatabase,
  now: Date,
  shops: readonly string[],
  adminFor: (shop: string) => Promise<AdminGraphql>,
  report: ReportJobFailure,
): Promise<number> {
  const since = new Date(now.getTime() - COLLECTIONS_REFRESH_EVERY_MS);
  let refreshed = 0;
  for (const shop of shops) {
    try {
      const row = await db.read.shop.findUnique({ where: { domain: shop }, select: { programRules: true } });
      if (!row) continue;
      const named = namedCollections(parseProgramRules(row.programRules));
      if (named.length === 0) continue;
      const fresh = await db.read.collectionRefresh.count({ where: { shop, collectionId: { in: named }, refreshedAt: { gte: since } } });
      if (fresh === named.length) continue;
      refreshed += await refreshShopCollections(db, await adminFor(shop), shop, now);
    } catch (error) {
      report({ job: "collection products", shop }, error);
    }
  }
  return refreshed;
}
