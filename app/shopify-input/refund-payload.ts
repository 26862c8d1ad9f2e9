// refunds/create delivers the refund with its refunded line items; a shipping-only refund has none.
import { z } from "zod";
import { MAX_AMOUNT_MINOR, toMinorUnits } from "~/money/money";
import { currencyCode, dateTime, moneyBag, quantity, shopifyId } from "./shopify-fields";

const refundLineItem = z.object({
  id: shopifyId,
  line_item_id: shopifyId,
  quantity,
  // The refunded line's price after discounts; on a shop whose prices include tax, tax included.
  subtotal_set: moneyBag,
  total_tax_set: moneyBag.nullish(),
  line_item: z.object({ gift_card: z.boolean().default(false), product_id: shopifyId.nullish() }).partial().default({}),
});

/** An adjustment's amount: negative for money given back, so not a `moneyBag`, whose amounts are never below 0. */
const signedMoneyBag = z.object({
  shop_money: z.object({ amount: z.string().regex(/^-?\d{1,12}(\.\d{1,3})?$/, "an amount is a decimal number"), currency_code: currencyCode }),
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
  // Shipping given back shows as an adjustment of kind "shipping_refund" (a negative amount, before tax); it counts
  // only for programs that include shipping in eligible spend.
  order_adjustments: z.array(z.object({ kind: z.string().nullish(), amount_set: signedMoneyBag.nullish() })).default([]),
});

export type RefundPayload = z.infer<typeof refundPayload>;
