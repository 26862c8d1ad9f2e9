// The storefront widget in a browser: a small local "storefront" (node:http) that renders the real app embed block
// (extensions/tally-widget/blocks/tally-widget.liquid) into a theme-like page, serves the BUILT assets the way
// Shopify's CDN would, and forwards /apps/tally/* to the app exactly as Shopify's app proxy does: with the shop,
// the signed-in customer (logged_in_customer_id), path_prefix and timestamp in the query, signed with the app's
// secret. It also answers the two storefront routes a referral link goes through: Shopify's shareable discount
// link (/discount/<code>?redirect=<path>) and the Ajax Cart API's /cart/update.js. Chromium is Debian's, driven by
// playwright-core.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { REPO_ROOT } from "./server-process";
import { proxySignature } from "./shopper-requests";

const EXTENSION = path.join(REPO_ROOT, "extensions/tally-widget");

export interface AppEmbedOptions {
  /** The storefront's language (`request.locale.iso_code`); strings come from locales/<language>.json. */
  locale: string;
  settings?: Record<string, string | number>;
}

/**
 * The app embed block as Shopify renders it, for exactly the Liquid the block uses: `{{ 'key' | t | json }}`,
 * `{{ block.settings.* | escape }}` (schema defaults when not given), `{{ request.locale.iso_code }}`, the account routes
 * and `{{ '<asset>' | asset_url }}` (the page's stand-in for Shopify's CDN, /cdn/<asset>).
 * Anything else in the block fails here, so a change to the block cannot slip past this page unnoticed.
 */
export function renderAppEmbed({ locale, settings = {} }: AppEmbedOptions): string {
  const liquid = readFileSync(path.join(EXTENSION, "blocks/tally-widget.liquid"), "utf8");
  const schema = JSON.parse(/\{% schema %\}([\s\S]*?)\{% endschema %\}/.exec(liquid)?.[1] ?? "{}") as {
    settings: Array<{ id: string; default?: string | number }>;
  };
  const language = locale.split("-")[0] ?? "en";
  const stringsFile = ["fr", "de", "es"].includes(language) ? `${language}.json` : "en.default.json";
  const strings = JSON.parse(readFileSync(path.join(EXTENSION, "locales", stringsFile), "utf8")) as Record<string, Record<string, string>>;
  const fallback = JSON.parse(readFileSync(path.join(EXTENSION, "locales/en.default.json"), "utf8")) as Record<string, Record<string, string>>;
  const variables: Record<string, string> = {
    "request.locale.iso_code": locale,
    "routes.account_login_url": "/account/login",
    "routes.account_register_url": "/account/register",
    "routes.cart_update_url": "/cart/update",
  };
  for (const setting of schema.settings) variables[`block.settings.${setting.id}`] = String(settings[setting.id] ?? setting.default ?? "");

  const body = liquid.replace(/\{% comment %\}[\s\S]*?\{% endcomment %\}/g, "").replace(/\{% schema %\}[\s\S]*?\{% endschema %\}/, "");
  if (body.includes("{%")) throw new Error("the app embed block uses a Liquid tag this test page does not render");
  return body.replace(/\{\{\s*(.*?)\s*\}\}/g, (_whole, expression: string) => {
    const translation = /^'(\w+)\.(\w+)' \| t \| json$/.exec(expression);
    if (translation) {
      const [, scope = "", key = ""] = translation;
      const text = strings[scope]?.[key] ?? fallback[scope]?.[key];
      if (text === undefined) throw new Error(`no translation for ${scope}.${key}`);
      return JSON.stringify(text);
    }
    const asset = /^'([\w.-]+)' \| asset_url$/.exec(expression);
    if (asset) return `/cdn/${asset[1]}`;
    // Liquid's `escape` filter: & < > " ' as entities, as Shopify renders them.
    const escaped = /^([\w.]+) \| escape$/.exec(expression);
    const value = variables[escaped?.[1] ?? expression];
    if (value === undefined) throw new Error(`the app embed block uses {{ ${expression} }}, which this test page does not render`);
    return escaped ? escapeHtml(value) : value;
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[char]};`);
}

/** A theme-like page: header, hero, text and a product grid, every box sized so only the widget could move it. */
function storefrontPage(embed: string, locale: string): string {
  const products = Array.from(
    { length: 6 },
    (_, i) => `<article class="card"><div class="image"></div><h3>Product ${i + 1}</h3><p>$${(i + 1) * 12}.00</p></article>`,
  ).join("");
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo storefront</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/cdn/tally-widget.css">
<style>
  body { margin: 0; font-family: Georgia, serif; color: #222; }
  header { height: 64px; display: flex; align-items: center; padding: 0 24px; background: #f4efe6; }
  .hero { height: 280px; background: linear-gradient(120deg, #d9c7a7, #a98b6d); }
  main { max-width: 960px; margin: 0 auto; padding: 24px; }
  .grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
  .card .image { height: 160px; background: #e8e2d8; }
  button { background: hotpink; border: 4px dashed lime; }
  ul { list-style: square; padding-left: 60px; }
</style>
<script>window.Shopify = { locale: ${JSON.stringify(locale)} };</script>
</head>
<body>
<header><strong>Demo storefront</strong></header>
<div class="hero"></div>
<main>
  <h1>New arrivals</h1>
  <p>Hand-made goods from small workshops. The theme's own rules for buttons and lists are loud on purpose: the
  widget must not inherit them.</p>
  <div class="grid">${products}</div>
</main>
${embed}
<script src="/cdn/tally-widget.js" defer></script>
</body>
</html>`;
}

export interface StorefrontOptions {
  /** Where the app answers: the proxy forwards /apps/tally/<rest> to <appUrl>/apps/tally/<rest>. */
  appUrl: string;
  shop: string;
  secret: string;
  /** Holds every proxied answer this long, as a slow network would. */
  proxyDelayMs?: number;
}

export interface Storefront {
  url: string;
  /** Every asset the page fetched from the stand-in CDN (/cdn/<name>), in order. */
  assets: string[];
  /** Every request forwarded to the app: its path and the logged_in_customer_id it was signed with. */
  proxied: Array<{ path: string; customer: string }>;
  /** The discount codes applied through /discount/<code>, in order. */
  discounts: string[];
  /** The `attributes` of every POST to /cart/update.js, in order. */
  cartAttributes: Array<Record<string, string>>;
  /** Answers the next proxied request with Shopify's 500 page instead of forwarding it (the app is unreachable). */
  failNextProxyRequest(): void;
  close(): Promise<void>;
}

interface StorefrontState {
  assets: string[];
  proxied: Storefront["proxied"];
  discounts: string[];
  cartAttributes: Storefront["cartAttributes"];
  failNext: boolean;
}

/** The signed-in customer is the `storefront_customer` cookie, standing for the shop's own session. */
export async function startStorefront(options: StorefrontOptions): Promise<Storefront> {
  const state: StorefrontState = { assets: [], proxied: [], discounts: [], cartAttributes: [], failNext: false };
  const server = http.createServer((request, response) => {
    void handle(request, response, options, state).catch((error: unknown) => {
      response.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    assets: state.assets,
    proxied: state.proxied,
    discounts: state.discounts,
    cartAttributes: state.cartAttributes,
    failNextProxyRequest: () => (state.failNext = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The Ajax Cart API's answer, reduced to what a cart with only attributes has. */
const cartJson = (attributes: Record<string, string>) =>
  JSON.stringify({ token: "demo-cart", note: null, attributes, item_count: 0, items: [], currency: "USD", total_price: 0 });

async function handle(request: http.IncomingMessage, response: http.ServerResponse, options: StorefrontOptions, state: StorefrontState): Promise<void> {
  const url = new URL(request.url ?? "/", "http://storefront.local");
  if (url.pathname === "/") {
    const locale = url.searchParams.get("locale") ?? "en";
    const settings = Object.fromEntries([...url.searchParams].filter(([name]) => name !== "locale"));
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(storefrontPage(renderAppEmbed({ locale, settings }), locale));
    return;
  }
  const asset = /^\/cdn\/(tally-(?:widget|panel)\.(js|css))$/.exec(url.pathname);
  if (asset) {
    state.assets.push(asset[1] ?? "");
    const type = asset[2] === "js" ? "text/javascript" : "text/css";
    response.writeHead(200, { "Content-Type": `${type}; charset=utf-8` }).end(readFileSync(path.join(EXTENSION, "assets", asset[1] ?? "")));
    return;
  }
  // Shopify's shareable discount link: applies the code to the visitor's cart, then sends them to `redirect`.
  const discount = /^\/discount\/([^/]+)$/.exec(url.pathname);
  if (discount) {
    state.discounts.push(decodeURIComponent(discount[1] ?? ""));
    const redirect = url.searchParams.get("redirect") ?? "/";
    response.writeHead(302, { Location: redirect.startsWith("/") && !redirect.startsWith("//") ? redirect : "/" }).end();
    return;
  }
  if (url.pathname === "/cart/update.js" && request.method === "POST") {
    const body = JSON.parse(await readBody(request)) as { attributes?: Record<string, string> };
    const attributes = body.attributes ?? {};
    state.cartAttributes.push(attributes);
    response.writeHead(200, { "Content-Type": "application/json" }).end(cartJson(attributes));
    return;
  }
  if (url.pathname.startsWith("/apps/tally/")) {
    const customer = /(?:^|;\s*)storefront_customer=([^;]+)/.exec(request.headers.cookie ?? "")?.[1] ?? "";
    await new Promise((resolve) => setTimeout(resolve, options.proxyDelayMs ?? 0));
    if (state.failNext) {
      state.failNext = false;
      response.writeHead(500, { "Content-Type": "text/html" }).end("<h1>There was a problem loading this website</h1>");
      return;
    }
    state.proxied.push({ path: url.pathname, customer });
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    Object.assign(params, {
      shop: options.shop,
      logged_in_customer_id: customer,
      path_prefix: "/apps/tally",
      timestamp: String(Math.floor(Date.now() / 1000)),
    });
    const query = new URLSearchParams({ ...params, signature: proxySignature(params, options.secret) });
    // The proxy hands the app's redirects to the browser (a referral link answers 302), it does not follow them;
    // a POST goes on with its body (the refer box's invitation).
    const post = request.method === "POST";
    const upstream = await fetch(`${options.appUrl}${url.pathname}?${query}`, {
      method: request.method,
      headers: {
        Accept: request.headers.accept ?? "*/*",
        "Accept-Language": request.headers["accept-language"] ?? "",
        ...(post ? { "Content-Type": request.headers["content-type"] ?? "application/json" } : {}),
      },
      body: post ? await readBody(request) : undefined,
      redirect: "manual",
    });
    const location = upstream.headers.get("location");
    response.writeHead(upstream.status, {
      "Content-Type": upstream.headers.get("content-type") ?? "application/octet-stream",
      ...(location ? { Location: location } : {}),
    });
    response.end(Buffer.from(await upstream.arrayBuffer()));
    return;
  }
  response.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
}
