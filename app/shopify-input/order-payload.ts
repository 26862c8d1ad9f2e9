// orders/paid and orders/cancelled deliver the whole order.
import { z } from "zod";
import { address, currencyCode, dateTime, moneyBag, quantity, shopifyId } from "./shopify-fields";

/** A tax charged on a line or on shipping. */
const taxLine = z.object({ price_set: moneyBag });

export const orderPayload = z.object({
  id: shopifyId,
  email: z.string().nullish(),
  test: z.boolean().default(false),
  currency: currencyCode,
  created_at: dateTime,
  processed_at: dateTime.nullish(),
  updated_at: dateTime.nullish(),
  cancelled_at: dateTime.nullish(),
  financial_status: z.string().nullish(),
  current_subtotal_price_set: moneyBag,
  // Whether the shop's prices include tax (most EU, UK and Australian shops): then the subtotal includes it too.
  taxes_included: z.boolean().default(false),
  current_total_tax_set: moneyBag.nullish(),
  // A shipping line's price, and its price after shipping discounts (counted when the program includes shipping).
  shipping_lines: z
    .array(z.object({ price_set: moneyBag.nullish(), discounted_price_set: moneyBag.nullish(), tax_lines: z.array(taxLine).default([]) }))
    .default([]),
  line_items: z
    .array(
      z.object({
        id: shopifyId,
        // Null for a custom line (no product): it is in no collection.
        product_id: shopifyId.nullish(),
        gift_card: z.boolean().default(false),
        quantity,
        current_quantity: quantity.nullish(),
        price_set: moneyBag,
        discount_allocations: z.array(z.object({ amount_set: moneyBag })).default([]),
        // On a shop whose prices include tax, what a line's price holds of it (taken out of an excluded line).
        tax_lines: z.array(taxLine).default([]),
      }),
    )
    .default([]),
  discount_codes: z.array(z.object({ code: z.string() })).default([]),
  note_attributes: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]).nullish() })).default([]),
  customer: z
    .object({
      id: shopifyId,
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      state: z.string().nullish(),
      // The customer's tags when the order was paid, one comma-separated string, and when the customer last changed.
      tags: z.string().nullish(),
      updated_at: dateTime.nullish(),
    })
    .nullish(),
  shipping_address: address,
});

export type OrderPayload = z.infer<typeof orderPayload>;
