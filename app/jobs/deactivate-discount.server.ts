// Disables a lapsed reward code in Shopify, through the shop's offline session.
import { unauthenticated } from "~/shopify.server";

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
  mutation TallyDeactivateRewardCode($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message }
    }
  }
`;

interface DeactivateResponse {
  data?: { discountCodeDeactivate?: { userErrors?: { message: string }[] } | null };
  errors?: unknown;
}

export async function deactivateDiscount(shop: string, discountId: string): Promise<void> {
  const { admin } = await unauthenticated.admin(shop);
  const response = await admin.graphql(DISCOUNT_CODE_DEACTIVATE, { variables: { id: discountId } });
  const body = (await response.json()) as DeactivateResponse;
  const problems = body.data?.discountCodeDeactivate?.userErrors ?? [];
  if (body.errors || !body.data?.discountCodeDeactivate || problems.length > 0) {
    throw new Error(`Shopify did not deactivate discount ${discountId}: ${JSON.stringify(body.errors ?? problems)}`);
  }
}
