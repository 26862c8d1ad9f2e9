// Sent on every install (afterAuth in shopify.server.ts) to record the shop's name, currency and time zone (the day
// a birthday bonus is paid is the birthday there).
import { z } from "zod";

export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop {
      name
      currencyCode
      ianaTimezone
    }
  }
`;

export const shopProfileData = z.object({
  shop: z.object({ name: z.string().min(1), currencyCode: z.string().regex(/^[A-Z]{3}$/), ianaTimezone: z.string() }),
});
