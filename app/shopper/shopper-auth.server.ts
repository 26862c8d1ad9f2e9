// Who is asking: the extension session token (checkout, thank-you, customer account) or the app proxy signature
// (storefront). The SDK verifies the token's signature and times; it skips the audience for extension tokens
// (@shopify/shopify-app-remix authenticate/public/extension: checkAudience false), so the claims are checked
// here: our api key, a shop domain in `dest` that matches `iss`, and a shop that runs Tally. The customer is the
// token's `sub` (gid://shopify/Customer/<id>) or the proxy's logged_in_customer_id, never anything in the body.
import type { JwtPayload } from "@shopify/shopify-api";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { findShop, type ShopRecord } from "~/loyalty/program/shop-store.server";
import { authenticate } from "~/shopify.server";
import { isShopDomain } from "~/shopify-input/shop-domain";
import { shopperLocale, type ShopperLocale } from "./shopper-locale";
import { shopperStrings, type ShopperStrings } from "./shopper-strings";

export type ShopperSurface = "checkout" | "customerAccount";

export interface ShopperContext {
  shop: ShopRecord;
  /** Shopify's numeric customer id; null for a signed-out shopper. */
  customerId: string | null;
  locale: ShopperLocale;
  strings: ShopperStrings;
  /** Adds the CORS headers Shopify's extension sandboxes need to a response. */
  cors: (response: Response) => Response;
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/(\d{1,20})$/;

/** CORS on answers the SDK throws (401, the preflight's 204), so the extension reads the status, not a CORS error. */
function withOpenCors(response: Response): Response {
  if (!response.headers.has("Access-Control-Allow-Origin")) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  }
  return response;
}

function unauthorized(): Response {
  return withOpenCors(new Response(undefined, { status: 401, statusText: "Unauthorized" }));
}

function hostOf(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.includes("://") ? value : `https://${value}`;
  return URL.canParse(text) ? new URL(text).hostname : null;
}

/** The shop a verified token speaks for, or null when its claims do not hold together. */
export function shopFromClaims(payload: JwtPayload, apiKey: string): string | null {
  if (payload.aud !== apiKey) return null;
  const shop = hostOf(payload.dest);
  if (!shop || !isShopDomain(shop)) return null;
  // Shopify writes `iss` as https://<shop>/admin; the SDK's own test helper leaves out the scheme.
  if (payload.iss !== undefined && (hostOf(payload.iss) !== shop || !String(payload.iss).endsWith("/admin"))) return null;
  return shop;
}

async function installedShop(domain: string): Promise<ShopRecord | null> {
  const row = await db().read.shop.findUnique({ where: { domain }, select: { uninstalledAt: true } });
  if (!row || row.uninstalledAt) return null;
  return findShop(db().read, domain);
}

function localeOf(request: Request, shop: ShopRecord): { locale: ShopperLocale; strings: ShopperStrings } {
  const locale = shopperLocale(new URL(request.url).searchParams.get("locale"), request.headers.get("Accept-Language"));
  return { locale, strings: shopperStrings(locale, shop.currencyCode) };
}

/** Authenticates an extension request; throws the Response to send (preflight 204, 401) otherwise. */
export async function authenticateExtension(request: Request, surface: ShopperSurface): Promise<ShopperContext> {
  let verified: { sessionToken: JwtPayload; cors: (response: Response) => Response };
  try {
    verified = surface === "checkout" ? await authenticate.public.checkout(request) : await authenticate.public.customerAccount(request);
  } catch (thrown) {
    if (thrown instanceof Response) throw withOpenCors(thrown);
    throw thrown;
  }
  const domain = shopFromClaims(verified.sessionToken, env().shopifyApiKey);
  if (!domain) throw unauthorized();
  const shop = await installedShop(domain);
  if (!shop) throw unauthorized();
  const sub = verified.sessionToken.sub;
  let customerId: string | null = null;
  if (sub) {
    const match = CUSTOMER_GID.exec(sub);
    if (!match?.[1]) throw unauthorized();
    customerId = match[1];
  }
  return { shop, customerId, ...localeOf(request, shop), cors: (response) => withOpenCors(verified.cors(response)) };
}

/**
 * The first query key that appears more than once, if any. Shopify's library signs a repeated key as its values
 * joined with "," and refuses repeats only of shop, signature, timestamp and hmac, while `get` reads the first
 * value: `logged_in_customer_id=1&logged_in_customer_id=2` would verify for one reading and be served for another.
 */
export function repeatedQueryKey(params: URLSearchParams): string | null {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return null;
}

/** Authenticates an app proxy request (Shopify's signature over the query); throws the Response to send otherwise. */
export async function authenticateProxy(request: Request): Promise<ShopperContext> {
  const repeated = repeatedQueryKey(new URL(request.url).searchParams);
  if (repeated !== null) {
    const message = `The query parameter "${repeated}" appears more than once; send each parameter once.`;
    throw new Response(JSON.stringify({ error: { code: "invalid_request", message } }), {
      status: 400,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  await authenticate.public.appProxy(request);
  const params = new URL(request.url).searchParams;
  const domain = params.get("shop") ?? "";
  const shop = isShopDomain(domain) ? await installedShop(domain) : null;
  if (!shop) throw new Response(undefined, { status: 404, statusText: "Not Found" });
  const customer = params.get("logged_in_customer_id") ?? "";
  return { shop, customerId: /^\d{1,20}$/.test(customer) ? customer : null, ...localeOf(request, shop), cors: (response) => response };
}
