// Finds the discount behind a code, when creating it answered that the code is taken: the friend discount created
// by an earlier request whose answer never reached the database (app/loyalty/referrals/friend-discounts.server.ts).
// https://shopify.dev/docs/api/admin-graphql/latest/queries/codeDiscountNodeByCode
import { z } from "zod";

export const CODE_DISCOUNT_BY_CODE = `#graphql
  query TallyCodeDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        ... on DiscountCodeBasic { title }
        ... on DiscountCodeFreeShipping { title }
      }
    }
  }
`;

export const codeDiscountByCodeData = z.object({
  codeDiscountNodeByCode: z
    .object({
      id: z.string(),
      codeDiscount: z.object({ title: z.string().optional() }),
    })
    .nullable(),
});
