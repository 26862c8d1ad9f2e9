// All of an order's refunds, when RECENT_ORDERS_QUERY listed as many as it asks for (there may be more).
// Order.refunds is a plain list, cut at `first`; 250 is Shopify's largest page.
import { z } from "zod";
import { REFUND_SUMMARY_FIELDS, refundSummary } from "./refund-summary-fields";

export const MAX_REFUNDS_PER_ORDER = 250;

export const ORDER_REFUNDS_QUERY = `#graphql
  query OrderRefunds($id: ID!) {
    order(id: $id) {
      refunds(first: ${MAX_REFUNDS_PER_ORDER}) { ...RefundSummary }
    }
  }
  ${REFUND_SUMMARY_FIELDS}
`;

/** order is null when it was deleted since the page listed it. */
export const orderRefundsData = z.object({
  order: z.object({ refunds: z.array(refundSummary) }).nullable(),
});
