// The variant a free-product reward gives, as the Admin API knows it now: checked when the merchant picks it,
// priced when a shopper redeems it. Null when the shop has no such variant (deleted, or never there).
import { toMinorUnits } from "~/money/money";
import { PRODUCT_VARIANT_QUERY, productVariantData } from "~/shopify-admin/product-variant-query";
import { runAdminQuery } from "~/shopify-admin/run-admin-query.server";
import type { AdminFor } from "./reward-discounts.server";

export interface RewardVariant {
  id: string;
  /** "Linen apron — Natural"; the product's title alone for its only variant ("Default Title"). */
  title: string;
  priceMinor: number;
}

export async function findRewardVariant(adminFor: AdminFor, shop: string, currencyCode: string, variantId: string): Promise<RewardVariant | null> {
  const admin = await adminFor(shop);
  const variant = (await runAdminQuery(admin, PRODUCT_VARIANT_QUERY, { id: variantId }, productVariantData)).productVariant;
  if (!variant) return null;
  const title = variant.title === "Default Title" ? variant.product.title : `${variant.product.title} — ${variant.title}`;
  return { id: variant.id, title, priceMinor: toMinorUnits(variant.price, currencyCode) };
}
