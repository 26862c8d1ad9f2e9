// The rest of an order's line items, when RECENT_ORDERS_QUERY's first page of them was not all.
import { z } from "zod";
import { PAGE_INFO_FIELDS, pageInfo } from "./page-info";
import { RECONCILED_LINE_ITEM_FIELDS, reconciledLineItem } from "./reconciled-line-item-fields";

export const ORDER_LINE_ITEMS_QUERY = `#graphql
  query OrderLineItems($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 100, after: $after) {
        ${PAGE_INFO_FIELDS}
        nodes { ...ReconciledLineItem }
      }
    }
  }
  ${RECONCILED_LINE_ITEM_FIELDS}
`;

/** order is null when it was deleted since the page listed it. */
export const orderLineItemsData = z.object({
  order: z.object({ lineItems: z.object({ pageInfo, nodes: z.array(reconciledLineItem) }) }).nullable(),
});

export type OrderLineItemsData = z.infer<typeof orderLineItemsData>;
