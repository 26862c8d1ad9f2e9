// The one rule for what names a shop: its permanent `*.myshopify.com` domain, as Shopify writes it in
// X-Shopify-Shop-Domain, in a session token's `dest` and in compliance bodies' `shop_domain` — lower case, one
// label before `.myshopify.com`. Anything else (two domains joined by a repeated header, another host, a path,
// spaces, upper case) names no shop, and a request carrying it is refused before anything is stored.
import { z } from "zod";

/** A DNS label (at most 63 characters, no leading dash) followed by .myshopify.com. */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

export function isShopDomain(value: unknown): value is string {
  return typeof value === "string" && SHOP_DOMAIN.test(value);
}

export const shopDomainSchema = z.string().regex(SHOP_DOMAIN, "a shop is one lower-case <name>.myshopify.com domain");

/** The message for a webhook whose shop header is not one shop's domain. */
export function badShopHeaderMessage(value: string | null | undefined): string {
  return `X-Shopify-Shop-Domain must be one shop's <name>.myshopify.com domain, in lower case; got ${JSON.stringify(value ?? null)}.`;
}
