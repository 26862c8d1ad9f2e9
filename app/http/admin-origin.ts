// Which requests may change something in the admin: those sent by the app's own pages. A browser names the page
// that sent a request in `Origin` (and, when it sends no Origin, says `Sec-Fetch-Site: cross-site` for another
// site's page); a form on another site that posts to /app/* carries the staff member's cookie in the demo, and
// the request must not run. Inside Shopify's admin the app's pages are served from the app's URL, so App
// Bridge's authenticated fetches and the pages' own forms come from that origin.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckRequest {
  method: string;
  path: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The Host header, and the first X-Forwarded-Host a proxy in front set. */
  hosts: ReadonlyArray<string | undefined>;
  /** SHOPIFY_APP_URL: where Shopify's admin loads the app from. */
  appUrl: string;
}

function guarded(method: string, path: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  return path === "/app" || path.startsWith("/app/") || path === "/demo" || path === "/demo/";
}

function hostOf(origin: string): string | null {
  return URL.canParse(origin) ? new URL(origin).host : null;
}

/** Why the request is refused (a sentence for the person whose browser sent it), or null when it may run. */
export function crossOriginRefusal(request: OriginCheckRequest): string | null {
  if (!guarded(request.method, request.path)) return null;
  const own = new Set([hostOf(request.appUrl), ...request.hosts].filter((host): host is string => Boolean(host)));
  if (request.origin !== undefined) {
    const host = hostOf(request.origin);
    if (host !== null && own.has(host)) return null;
    return `Tally refused this change because it was sent from another site (${request.origin.slice(0, 100)}). Changes are accepted only from Tally's own pages: open Tally from your Shopify admin and try again.`;
  }
  if (request.secFetchSite === "cross-site" || request.secFetchSite === "same-site") {
    return "Tally refused this change because it was sent from another site. Changes are accepted only from Tally's own pages: open Tally from your Shopify admin and try again.";
  }
  return null;
}
