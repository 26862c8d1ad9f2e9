// The one module that talks to Shopify's app SDK; routes import what they need from here.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { registerShop } from "~/admin/shop-profile.server";
import { db } from "~/db/db.server";
import { env } from "~/env.server";

const config = env();

const shopify = shopifyApp({
  apiKey: config.shopifyApiKey,
  apiSecretKey: config.shopifyApiSecret,
  apiVersion: ApiVersion.April26,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db().prisma),
  distribution: AppDistribution.AppStore,
  future: {
    // Token exchange: Shopify installs the app from the scopes in shopify.app.toml, no OAuth redirect dance
    // (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange).
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await registerShop(db().prisma, admin, session.shop);
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
