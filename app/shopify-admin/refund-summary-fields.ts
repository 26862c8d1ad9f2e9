// A refund as listed on its order; its line items come from REFUND_LINE_ITEMS_QUERY, and only for refunds Tally
// has not recorded yet.
import { z } from "zod";

export const REFUND_SUMMARY_FIELDS = `#graphql
  fragment RefundSummary on Refund {
    id
    legacyResourceId
    createdAt
    processedAt
  }
`;

export const refundSummary = z.object({
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  createdAt: z.string().nullable(),
  processedAt: z.string(),
});

export type RefundSummary = z.infer<typeof refundSummary>;
