// Where Tally's backend answers the extensions. Extensions run in Shopify's sandbox, on Shopify's origin, so they
// need the app's absolute URL. The Shopify CLI replaces `process.env.APP_URL` when it bundles an extension: with the
// tunnel URL under `shopify app dev`, and with the environment's (or the app's .env) APP_URL under
// `shopify app build` / `deploy`. scripts/extensions/build.mjs and `npm run deploy` set it from
// shopify.app.toml's application_url when it is not set.
declare const process: { env: { APP_URL?: string } };

export function appUrl(path: string): string {
  const base = process.env.APP_URL ?? "";
  return `${base.replace(/\/+$/, "")}${path}`;
}
