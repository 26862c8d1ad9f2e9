// The built app as a signed-in staff member sees it: the demo sign-in (TALLY_DEMO) for `shop`, then every admin
// request carries the signed demo cookie, exactly as a browser would after POST /demo. Real routes, real
// requireStaff, real database.
import { loadBuiltApp, type AppHandler } from "./built-app";
import { TEST_API_SECRET } from "./shopify-requests";
import type { TestDatabase } from "./test-database";

export interface StaffApp {
  app: AppHandler;
  get(path: string): Promise<Response>;
  /** A form POST, as a browser without JavaScript sends it (the document request, rendered to HTML). */
  post(path: string, form: Record<string, string>): Promise<Response>;
}

const BASE = "http://localhost";

export async function staffApp(t: TestDatabase, shop: string): Promise<StaffApp> {
  const environment = {
    DATABASE_URL: t.url,
    NODE_ENV: "development",
    TALLY_DEMO: "1",
    TALLY_DEMO_SHOP: shop,
    TALLY_BACKGROUND_JOBS: "0",
    SHOPIFY_API_SECRET: TEST_API_SECRET,
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
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  if (signIn.status !== 302 || !cookie) throw new Error(`demo sign-in failed with ${signIn.status}`);
  return {
    app,
    get: (path) => app(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } })),
    post: (path, form) =>
      app(
        new Request(`${BASE}${path}`, {
          method: "POST",
          body: new URLSearchParams(form),
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
  };
}

/** The text React rendered, with the entities it escapes turned back into characters. */
export function decodeHtml(html: string): string {
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
