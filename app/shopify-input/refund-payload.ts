// refunds/create delivers the refund with its refunded line items; a shipping-only refund has none.
import { z } from "zod";
import { MAX_AMOUNT_MINOR, toMinorUnits } from "~/money/money";
import { dateTime, moneyBag, quantity, shopifyId } from "./shopify-fields";

const refundLineItem = z.object({
  id: shopifyId,
  line_item_id: shopifyId,
  quantity,
  // The refunded line's price after discounts; on a shop whose prices include tax, tax included.
  subtotal_set: moneyBag,
  total_tax_set: moneyBag.nullish(),
  line_item: z.object({ gift_card: z.boolean().default(false), product_id: shopifyId.nullish() }).partial().default({}),
});

function refundedTotalMinor(lines: z.infer<typeof refundLineItem>[]): number {
  try {
    return lines.reduce((sum, line) => sum + toMinorUnits(line.subtotal_set.shop_money.amount, line.subtotal_set.shop_money.currency_code), 0);
  } catch {
    // An amount that is not one has its own issue already.
    return 0;
  }
}

export const refundPayload = z.object({
  id: shopifyId,
  order_id: shopifyId,
  created_at: dateTime,
  refund_line_items: z
    .array(refundLineItem)
    .default([])
    // Each amount is bounded on its own; their sum must be too, as it is what the refund takes off the order.
    .refine((lines) => refundedTotalMinor(lines) <= MAX_AMOUNT_MINOR, "the refunded lines add up to more than Tally can count points for"),
});

export type RefundPayload = z.infer<typeof refundPayload>;
