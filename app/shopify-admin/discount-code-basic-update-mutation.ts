// Brings a friend discount in line with the program when the merchant changes the friend's percentage
// (app/loyalty/referrals/friend-discounts.server.ts). Fields left out of the input keep their values.
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicUpdate
import { z } from "zod";

export const DISCOUNT_CODE_BASIC_UPDATE = `#graphql
  mutation TallyUpdateBasicCode($id: ID!, $basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const discountCodeBasicUpdateData = z.object({
  discountCodeBasicUpdate: z
    .object({
      codeDiscountNode: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
    })
    .nullable(),
});
