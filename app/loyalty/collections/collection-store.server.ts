// collection_products and collection_refreshes: the one writer of both (app/db/table-owners.mjs). Settlement reads
// an order's products here (on the driver, docs/decisions/033-settlement-on-the-driver.md), never the Admin API.
import { prismaOf, type Prisma, type Writer } from "~/db/database.server";

/** A database, or a transaction's client (the program's save passes its own). */
type CollectionWriter = Writer | Pick<Prisma, "collectionProduct" | "collectionRefresh">;
import { placeholders, type DriverSql } from "~/db/driver-sql.server";

export interface CollectionListing {
  collectionId: string;
  /** Null when Shopify has no such collection (deleted since it was picked): it then holds no products. */
  title: string | null;
  /** Product numbers ("123"), as order webhooks name products. */
  productIds: string[];
}

/** Replaces what Tally holds of these collections with what the Admin API listed, in the caller's unit of work. */
export async function storeCollectionListings(db: CollectionWriter, shop: string, listings: readonly CollectionListing[], now: Date): Promise<void> {
  const prisma = prismaOf<Pick<Prisma, "collectionProduct" | "collectionRefresh">>(db);
  for (const listing of listings) {
    const { collectionId } = listing;
    await prisma.collectionProduct.deleteMany({ where: { shop, collectionId } });
    const productIds = [...new Set(listing.productIds)];
    if (productIds.length > 0) {
      await prisma.collectionProduct.createMany({ data: productIds.map((productId) => ({ shop, collectionId, productId, refreshedAt: now })) });
    }
    const refresh = { title: listing.title, refreshedAt: now, found: listing.title !== null };
    await prisma.collectionRefresh.upsert({ where: { shop_collectionId: { shop, collectionId } }, create: { shop, collectionId, ...refresh }, update: refresh });
  }
}

/** Forgets the collections the program no longer names. */
export async function forgetCollectionsExcept(db: CollectionWriter, shop: string, named: readonly string[]): Promise<void> {
  const prisma = prismaOf<Pick<Prisma, "collectionProduct" | "collectionRefresh">>(db);
  await prisma.collectionProduct.deleteMany({ where: { shop, collectionId: { notIn: [...named] } } });
  await prisma.collectionRefresh.deleteMany({ where: { shop, collectionId: { notIn: [...named] } } });
}

/** shop/redact: everything held for the shop. */
export async function eraseShopCollections(db: Writer, shop: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.collectionProduct.deleteMany({ where: { shop } });
  await prisma.collectionRefresh.deleteMany({ where: { shop } });
}

/**
 * Which of `productIds` are in which of `collectionIds`: one indexed statement per order, run only when the
 * program names collections.
 */
export async function collectionsOfProducts(sql: DriverSql, shop: string, collectionIds: readonly string[], productIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  if (collectionIds.length === 0 || productIds.length === 0) return found;
  const rows = await sql.all<{ collection_id: string; product_id: string }>(
    `SELECT collection_id, product_id FROM collection_products WHERE shop = ? AND product_id IN (${placeholders(productIds.length)})
      AND collection_id IN (${placeholders(collectionIds.length)})`,
    [shop, ...productIds, ...collectionIds],
  );
  for (const row of rows) {
    const collections = found.get(row.product_id) ?? new Set<string>();
    collections.add(row.collection_id);
    found.set(row.product_id, collections);
  }
  return found;
}
