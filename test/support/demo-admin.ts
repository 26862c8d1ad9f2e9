// The admin's pages driven in-process through the built app, signed in as the demo staff member, as a browser in
// `npm run demo` would be.
import { loadBuiltApp, type AppHandler } from "./built-app";
import { TEST_API_SECRET } from "./shopify-requests";

export interface DemoAdmin {
  app: AppHandler;
  cookie: string;
  get(path: string): Promise<Response>;
  post(path: string, body: URLSearchParams | FormData): Promise<Response>;
}

/** Loads the built app in demo mode for `shop` on `databaseUrl` and signs in at /demo. */
export async function openDemoAdmin(databaseUrl: string, shop: string): Promise<DemoAdmin> {
  const app = await loadBuiltApp({
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    NODE_ENV: "development",
    TALLY_DEMO: "1",
    TALLY_DEMO_SHOP: shop,
    TALLY_BACKGROUND_JOBS: "0",
  });
  const signIn = await app(new Request("http://localhost/demo", { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
  const cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  if (!cookie.startsWith("tally_demo=")) throw new Error(`demo sign-in failed with ${signIn.status}`);
  return {
    app,
    cookie,
    get: (path) => app(new Request(`http://localhost${path}`, { headers: { Cookie: cookie } })),
    post: (path, body) => app(new Request(`http://localhost${path}`, { method: "POST", body, headers: { Cookie: cookie } })),
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
