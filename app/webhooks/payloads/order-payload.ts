// orders/paid and orders/cancelled deliver the whole order.
import { z } from "zod";
import { address, moneyBag, shopifyId } from "./shopify-fields";

export const orderPayload = z.object({
  id: shopifyId,
  email: z.string().nullish(),
  test: z.boolean().default(false),
  currency: z.string().length(3),
  created_at: z.string(),
  processed_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  financial_status: z.string().nullish(),
  current_subtotal_price_set: moneyBag,
  line_items: z
    .array(
      z.object({
        id: shopifyId,
        gift_card: z.boolean().default(false),
        quantity: z.number().int().nonnegative(),
        current_quantity: z.number().int().nonnegative().nullish(),
        price_set: moneyBag,
        discount_allocations: z.array(z.object({ amount_set: moneyBag })).default([]),
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
    })
    .nullish(),
  shipping_address: address,
});

export type OrderPayload = z.infer<typeof orderPayload>;
