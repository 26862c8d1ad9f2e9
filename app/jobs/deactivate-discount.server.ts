// Disables a lapsed reward code in Shopify, through the shop's offline session.
import { DISCOUNT_CODE_DEACTIVATE, discountCodeDeactivateData } from "~/shopify-admin/discount-code-deactivate-mutation";
import { runAdminQuery } from "~/shopify-admin/run-admin-query.server";
import { unauthenticated } from "~/shopify.server";

export async function deactivateDiscount(shop: string, discountId: string): Promise<void> {
  const { admin } = await unauthenticated.admin(shop);
  const { discountCodeDeactivate: result } = await runAdminQuery(admin, DISCOUNT_CODE_DEACTIVATE, { id: discountId }, discountCodeDeactivateData);
  const problems = result?.userErrors ?? [];
  if (!result || problems.length > 0) {
    throw new Error(`Shopify did not deactivate discount ${discountId}: ${JSON.stringify(problems)}`);
  }
}
