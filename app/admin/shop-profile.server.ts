// What Tally records about a shop when it is installed: its name and currency, read from the Admin API.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import type { Prisma } from "~/db/database.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";

/** Sent on every install; a named constant so tests can validate it against Shopify's Admin schema. */
export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop {
      name
      currencyCode
    }
  }
`;

const shopProfileResponse = z.object({
  data: z.object({
    shop: z.object({ name: z.string().min(1), currencyCode: z.string().regex(/^[A-Z]{3}$/) }),
  }),
});

/** Registers the shop with the default program, or refreshes its name and currency on a re-install. */
export async function registerShop(prisma: Prisma, admin: AdminApiContext, domain: string): Promise<void> {
  const response = await admin.graphql(SHOP_PROFILE_QUERY);
  const { shop } = shopProfileResponse.parse(await response.json()).data;
  await upsertShop(prisma, { domain, name: shop.name, currencyCode: shop.currencyCode });
}
