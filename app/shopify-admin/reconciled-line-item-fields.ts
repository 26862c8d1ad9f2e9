// The line item fields the reconciliation job reads: what an orders/paid webhook's line_items carry and Tally's
// earning rules use (gift card lines are not eligible spend).
import { z } from "zod";
import { MONEY_BAG_FIELDS, shopMoneyBag } from "./money-bag";

export const RECONCILED_LINE_ITEM_FIELDS = `#graphql
  fragment ReconciledLineItem on LineItem {
    id
    quantity
    isGiftCard
    originalUnitPriceSet { ${MONEY_BAG_FIELDS} }
    discountAllocations { allocatedAmountSet { ${MONEY_BAG_FIELDS} } }
  }
`;

export const reconciledLineItem = z.object({
  id: z.string(),
  quantity: z.number().int().nonnegative(),
  isGiftCard: z.boolean(),
  originalUnitPriceSet: shopMoneyBag,
  discountAllocations: z.array(z.object({ allocatedAmountSet: shopMoneyBag })),
});

export type ReconciledLineItem = z.infer<typeof reconciledLineItem>;
