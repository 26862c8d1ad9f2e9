// The built app as a signed-in staff member sees it: the demo sign-in (TALLY_DEMO) for `shop`, then every admin
// request carries the signed demo cookie, exactly as a browser would after POST /demo. Real routes, real
// requireStaff, real database; responses are the document requests a browser without JavaScript makes.
import { loadBuiltApp, type AppHandler } from "./built-app";
import { decodeHtml } from "./html-text";
import { TEST_API_SECRET } from "./shopify-requests";

export interface DemoAdmin {
  app: AppHandler;
  cookie: string;
  get(path: string): Promise<Response>;
  /** A form POST: fields as a record or URLSearchParams, or FormData for a multipart upload. */
  post(path: string, body: URLSearchParams | FormData | Record<string, string>): Promise<Response>;
}

const BASE = "http://localhost";

/** Loads the built app in demo mode for `shop` on `databaseUrl` and signs in at /demo. */
export async function openDemoAdmin(databaseUrl: string, shop: string): Promise<DemoAdmin> {
  const environment = {
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    NODE_ENV: "development",
    TALLY_DEMO: "1",
    TALLY_DEMO_SHOP: shop,
    TALLY_BACKGROUND_JOBS: "0",
  };
  const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  let app: AppHandler;
  try {
    app = await loadBuiltApp(environment);
  } finally {
    // The app read its configuration while loading; later loads in this process (the webhook harness runs
    // with NODE_ENV=production, which refuses TALLY_DEMO) must not inherit the demo's.
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const signIn = await app(new Request(`${BASE}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
  const cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  if (signIn.status !== 302 || !cookie.startsWith("tally_demo=")) throw new Error(`demo sign-in failed with ${signIn.status}`);
  return {
    app,
    cookie,
    get: (path) => app(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } })),
    post: (path, body) =>
      app(
        new Request(`${BASE}${path}`, {
          method: "POST",
          body: body instanceof URLSearchParams || body instanceof FormData ? body : new URLSearchParams(body),
          headers: { Cookie: cookie },
        }),
      ),
  };
}

export { decodeHtml };

/** The rendered HTML up to the serialized loader data, so assertions see what the page shows, not its data. */
export function renderedMarkup(html: string): string {
  const end = html.indexOf("window.__remixContext");
  return decodeHtml(end >= 0 ? html.slice(0, end) : html);
}

/** The table rows of a page's rendered markup, one string of HTML each. */
export function tableRows(html: string): string[] {
  return renderedMarkup(html)
    .split(/<tr\b/)
    .slice(1)
    .filter((row) => row.includes("<td"));
}
