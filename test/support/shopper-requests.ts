// Shopper requests made exactly as Shopify makes them. Extension session tokens: HS256 JWTs signed with the app
// secret (https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/session-token); app proxy requests:
// the query signed with HMAC-SHA256 over its sorted `key=value` pairs joined with nothing between them
// (https://shopify.dev/docs/apps/build/online-store/display-dynamic-data#calculate-a-digital-signature).
import { createHmac, randomUUID } from "node:crypto";
import { TEST_API_SECRET } from "./shopify-requests";

export const TEST_API_KEY = "tally-test-key";
/** Extension code runs in a browser worker: a browser's user agent, so the SDK's bot filter lets it through. */
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

export interface TokenOptions {
  shop: string;
  /** Shopify's numeric customer id; omitted for a signed-out shopper. */
  customerId?: string;
  secret?: string;
  apiKey?: string;
  /** Seconds from now until the token expires (Shopify: 5 minutes). */
  expiresIn?: number;
  claims?: Record<string, unknown>;
}

export function sessionToken(options: TokenOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey ?? TEST_API_KEY,
    ...(options.customerId ? { sub: `gid://shopify/Customer/${options.customerId}` } : {}),
    exp: now + (options.expiresIn ?? 300),
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    sid: randomUUID(),
    ...options.claims,
  };
  const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac("sha256", options.secret ?? TEST_API_SECRET).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}

/** A request from an extension: the token as Bearer, from the extension sandbox's origin. */
export function extensionRequest(path: string, token: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER_USER_AGENT, ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return new Request(new URL(path, "http://localhost"), {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

/** A key given more than once is signed as its values joined with "," (as Shopify's library checks it). */
export function proxySignature(params: Record<string, string> | [string, string][], secret = TEST_API_SECRET): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of Array.isArray(params) ? params : Object.entries(params)) values.set(key, [...(values.get(key) ?? []), value]);
  const message = [...values.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface ProxyOptions {
  shop: string;
  customerId?: string;
  secret?: string;
  timestamp?: number;
  extra?: Record<string, string>;
  /** Further values of keys already present, signed with them (a key repeated in the query). */
  repeated?: [string, string][];
  /** Applied after signing, e.g. to change the customer id and keep the signature. */
  tamper?: (params: URLSearchParams) => void;
}

/** What reaches the app when a storefront visitor opens https://<shop>/apps/tally/<path>. */
export function proxyRequest(path: string, options: ProxyOptions): Request {
  const params: Record<string, string> = {
    shop: options.shop,
    logged_in_customer_id: options.customerId ?? "",
    path_prefix: "/apps/tally",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...options.extra,
  };
  const entries: [string, string][] = [...Object.entries(params), ...(options.repeated ?? [])];
  const query = new URLSearchParams([...entries, ["signature", proxySignature(entries, options.secret)]]);
  options.tamper?.(query);
  return new Request(new URL(`/apps/tally/${path}?${query}`, "http://localhost"), { headers: { "User-Agent": BROWSER_USER_AGENT } });
}
