// Sent on every install (afterAuth in shopify.server.ts) to record the shop's name, currency and time zone (the day
// a birthday bonus is paid is the birthday there), and what decides where its shoppers can redeem
// (app/loyalty/redemption/redeem-places.ts): whether it is on Shopify Plus (`plan.shopifyPlus`; the checkout
// extension's target renders on Plus only) and which customer accounts it uses
// (`customerAccountsV2.customerAccountsVersion`; the account page extension needs new customer accounts).
import { z } from "zod";

export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop {
      name
      currencyCode
      ianaTimezone
      plan {
        shopifyPlus
      }
      customerAccountsV2 {
        customerAccountsVersion
      }
    }
  }
`;

export const shopProfileData = z.object({
  shop: z.object({
    name: z.string().min(1),
    currencyCode: z.string().regex(/^[A-Z]{3}$/),
    ianaTimezone: z.string(),
    plan: z.object({ shopifyPlus: z.boolean() }),
    customerAccountsV2: z.object({ customerAccountsVersion: z.enum(["CLASSIC", "NEW_CUSTOMER_ACCOUNTS"]) }),
  }),
});
