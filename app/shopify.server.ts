// The one module that talks to Shopify's app SDK; routes import what they need from here.
import "@shopify/shopify-app-remix/adapters/node";
import { LogSeverity, shopifyApi, WebhookType, type WebhookValidation } from "@shopify/shopify-api";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { afterInstall } from "~/admin/shop-profile.server";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { log } from "~/operations/logger.server";
import { signedWebhook } from "~/shopify-input/webhook-signature";
import { shopifySessionStorage } from "~/shopify-sessions.server";

const config = env();

const SEVERITY = { [LogSeverity.Error]: "error", [LogSeverity.Warning]: "warn", [LogSeverity.Info]: "info", [LogSeverity.Debug]: "debug" } as const;

/** The library's own messages, as Tally's JSON lines (app/operations/logger.server.ts) rather than plain console text. */
function shopifyLog(severity: LogSeverity, message: string): void {
  log()[SEVERITY[severity]]({ source: "shopify-api" }, message);
}

const shopify = shopifyApp({
  apiKey: config.shopifyApiKey,
  apiSecretKey: config.shopifyApiSecret,
  apiVersion: ApiVersion.April26,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: shopifySessionStorage(db()),
  distribution: AppDistribution.AppStore,
  logger: { log: shopifyLog },
  future: {
    // Token exchange: Shopify installs the app from the scopes in shopify.app.toml, no OAuth redirect dance
    // (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange).
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await afterInstall(db(), admin, session.shop);
    },
  },
  ...(config.shopCustomDomain ? { customShopDomains: [config.shopCustomDomain] } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.April26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
export const unauthenticated = shopify.unauthenticated;

// The queued webhook topics (app/webhooks/queued-webhook-routes.server.ts) need the library's check of the HMAC and
// of Shopify's headers, and nothing else: `authenticate.webhook` also loads the shop's offline session on every
// delivery, which those topics never use and which cost more than the check itself
// (docs/decisions/011-webhook-intake-ahead-of-remix.md). shopify-app-remix does not expose its inner
// @shopify/shopify-api instance, so this one is made from the same key and secret.
const webhookApi = shopifyApi({
  apiKey: config.shopifyApiKey,
  apiSecretKey: config.shopifyApiSecret,
  apiVersion,
  hostName: new URL(config.appUrl).host,
  isEmbeddedApp: true,
  scopes: config.scopes,
  logger: { level: LogSeverity.Error, log: shopifyLog },
});

/** What the library's validation needs of a request: its headers (the HMAC and Shopify's others), lower-cased. */
export interface WebhookRequestHeaders {
  method: string;
  url: string;
  headers: ReadonlyMap<string, string>;
}

/**
 * Shopify's webhook check: the body's HMAC against the app secret, then the required X-Shopify-* headers. A signed,
 * complete delivery is told by one synchronous HMAC (shopify-input/webhook-signature.ts): the library's check
 * imports a WebCrypto key and signs asynchronously for every delivery, a third of the intake's CPU at 800
 * deliveries/s. Every other delivery gets the library's own answer.
 */
export async function verifyWebhook(rawBody: string, request: WebhookRequestHeaders): Promise<WebhookValidation> {
  const signed = signedWebhook(config.shopifyApiSecret, rawBody, request.headers);
  if (signed) return { valid: true, webhookType: WebhookType.Webhooks, ...signed };
  return webhookApi.webhooks.validate({ rawBody, rawRequest: request });
}

/**
 * Shopify Flow's check of an action request: the HMAC-SHA256 of the raw body with the app's secret, base64, in
 * X-Shopify-Hmac-Sha256 (https://shopify.dev/docs/apps/build/flow/actions/endpoints#verifying-requests).
 * `authenticate.flow` does the same and then answers 400 for a bad signature and loads the shop's session; the
 * action needs neither, and a forged request is answered 401 like a forged webhook.
 */
export async function verifyFlowRequest(rawBody: string, request: Request): Promise<boolean> {
  const result = await webhookApi.flow.validate({ rawBody, rawRequest: request });
  return result.valid;
}
