// Creates the discount codes Tally hands out: reward codes bought with points (app/loyalty/redemption/reward-discounts.server.ts)
// and the friend discount behind each referral code (app/loyalty/referrals/friend-discounts.server.ts).
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicCreate
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeFreeShippingCreate
import { z } from "zod";

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation TallyCreateBasicCode($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = `#graphql
  mutation TallyCreateFreeShippingCode($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

const payload = z
  .object({
    codeDiscountNode: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
  })
  .nullable();

export type DiscountCreatePayload = z.output<typeof payload>;

export const discountCodeBasicCreateData = z.object({ discountCodeBasicCreate: payload });
export const discountCodeFreeShippingCreateData = z.object({ discountCodeFreeShippingCreate: payload });
