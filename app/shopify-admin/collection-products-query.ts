// The products of one collection, a page at a time: what Tally keeps in collection_products for the collections the
// program excludes from eligible spend or limits a campaign to (app/loyalty/collections/). Needs read_products.
// https://shopify.dev/docs/api/admin-graphql/latest/queries/collection
import { z } from "zod";
import { PAGE_INFO_FIELDS, pageInfo } from "./page-info";

/** A page as large as the connection allows: a collection of a few thousand products is read in a few calls. */
export const COLLECTION_PRODUCTS_PAGE = 250;

export const COLLECTION_PRODUCTS_QUERY = `#graphql
  query TallyCollectionProducts($id: ID!, $after: String) {
    collection(id: $id) {
      id
      title
      products(first: ${COLLECTION_PRODUCTS_PAGE}, after: $after) {
        nodes { id }
        ${PAGE_INFO_FIELDS}
      }
    }
  }
`;

export const collectionProductsData = z.object({
  collection: z
    .object({
      id: z.string(),
      title: z.string(),
      products: z.object({ nodes: z.array(z.object({ id: z.string() })), pageInfo }),
    })
    .nullable(),
});

export type CollectionProductsData = z.output<typeof collectionProductsData>;
