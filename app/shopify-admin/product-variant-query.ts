// One product variant: whether it still exists, what it is called and what it costs. Read when a merchant picks a
// variant for a free-product reward (its name is kept with the reward) and when a shopper redeems one (the code
// takes its price off one unit; a variant that is gone is refused before any points are held).
// https://shopify.dev/docs/api/admin-graphql/latest/queries/productVariant
import { z } from "zod";

export const PRODUCT_VARIANT_QUERY = `#graphql
  query TallyProductVariant($id: ID!) {
    productVariant(id: $id) {
      id
      title
      price
      product { title }
    }
  }
`;

export const productVariantData = z.object({
  productVariant: z
    .object({
      id: z.string(),
      title: z.string(),
      /** A decimal in the shop's currency (Shopify's Money scalar). */
      price: z.string().regex(/^\d+(\.\d+)?$/),
      product: z.object({ title: z.string() }),
    })
    .nullable(),
});
