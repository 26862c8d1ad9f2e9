// A refund's line items, with what refunds/create webhooks carry and Tally's reversal rules use: each line's
// subtotal, its tax and whether it was a gift card.
import { z } from "zod";
import { MONEY_BAG_FIELDS, shopMoneyBag } from "./money-bag";
import { PAGE_INFO_FIELDS, pageInfo } from "./page-info";

export const REFUND_LINE_ITEMS_QUERY = `#graphql
  query RefundLineItems($id: ID!, $after: String) {
    refund(id: $id) {
      refundLineItems(first: 100, after: $after) {
        ${PAGE_INFO_FIELDS}
        nodes {
          id
          quantity
          lineItem { id isGiftCard }
          subtotalSet { ${MONEY_BAG_FIELDS} }
          totalTaxSet { ${MONEY_BAG_FIELDS} }
        }
      }
    }
  }
`;

export const refundLineItem = z.object({
  // Nullable in the schema, unlike the REST refund_line_items[].id.
  id: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  lineItem: z.object({ id: z.string(), isGiftCard: z.boolean() }),
  subtotalSet: shopMoneyBag,
  // On a shop whose prices include tax, the subtotal includes this.
  totalTaxSet: shopMoneyBag,
});

export type RefundLineItem = z.infer<typeof refundLineItem>;

/** refund is null when it no longer exists. */
export const refundLineItemsData = z.object({
  refund: z.object({ refundLineItems: z.object({ pageInfo, nodes: z.array(refundLineItem) }) }).nullable(),
});

export type RefundLineItemsData = z.infer<typeof refundLineItemsData>;
