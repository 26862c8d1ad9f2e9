// Building blocks shared by the order, refund and customer payloads: Shopify's REST JSON as webhooks deliver it
// (https://shopify.dev/docs/api/webhooks?reference=toml). Ids are JSON numbers; money comes as "MoneyBag"
// objects with the shop's currency in shop_money and the shopper's in presentment_money.
import { z } from "zod";

export const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

export const money = z.object({
  amount: z.union([z.string(), z.number()]).transform(String),
  currency_code: z.string().length(3),
});

export const moneyBag = z.object({
  shop_money: money,
  presentment_money: money.optional(),
});

/** A mailing address (shipping address, a customer's default address): the parts the referral checks compare. */
export const address = z
  .object({
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    city: z.string().nullish(),
    zip: z.string().nullish(),
    province_code: z.string().nullish(),
    country_code: z.string().nullish(),
  })
  .nullish();
