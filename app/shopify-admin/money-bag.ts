// Money as the Admin GraphQL API returns it: a MoneyBag whose shopMoney is in the shop's currency. Tally only asks
// for shopMoney: points are computed in the shop's currency whatever the shopper paid in.
import { z } from "zod";

export const MONEY_BAG_FIELDS = `shopMoney { amount currencyCode }`;

export const shopMoneyBag = z.object({
  shopMoney: z.object({ amount: z.string().regex(/^\d+(\.\d+)?$/), currencyCode: z.string().regex(/^[A-Z]{3}$/) }),
});

export type ShopMoneyBag = z.infer<typeof shopMoneyBag>;
