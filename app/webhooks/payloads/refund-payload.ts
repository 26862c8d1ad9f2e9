// refunds/create delivers the refund with its refunded line items; a shipping-only refund has none.
import { z } from "zod";
import { moneyBag, shopifyId } from "./shopify-fields";

export const refundPayload = z.object({
  id: shopifyId,
  order_id: shopifyId,
  created_at: z.string(),
  refund_line_items: z
    .array(
      z.object({
        id: shopifyId,
        line_item_id: shopifyId,
        quantity: z.number().int().nonnegative(),
        subtotal_set: moneyBag,
        line_item: z.object({ gift_card: z.boolean().default(false) }).partial().default({}),
      }),
    )
    .default([]),
});

export type RefundPayload = z.infer<typeof refundPayload>;
