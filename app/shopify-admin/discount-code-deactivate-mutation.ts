// Disables a lapsed reward code (app/jobs/deactivate-discount.server.ts).
import { z } from "zod";

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
  mutation TallyDeactivateRewardCode($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message }
    }
  }
`;

export const discountCodeDeactivateData = z.object({
  discountCodeDeactivate: z
    .object({
      codeDiscountNode: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
    })
    .nullable(),
});
