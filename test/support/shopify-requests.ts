// Requests made exactly as Shopify makes them, signed with the app's secret: webhooks (HMAC-SHA256 of the raw
// body, base64, in X-Shopify-Hmac-Sha256). https://shopify.dev/docs/apps/build/webhooks/subscribe/https
import { createHmac, randomUUID } from "node:crypto";
import { DEMO_API_SECRET } from "~/env.server";

export const TEST_API_SECRET = DEMO_API_SECRET;
export const WEBHOOK_API_VERSION = "2026-04";

export interface WebhookOptions {
  shop: string;
  /** Defaults to a new id per call; pass the same id to model a retried delivery. */
  webhookId?: string;
  secret?: string;
  /** Overrides the signature, e.g. to send a tampered one. */
  hmac?: string;
  triggeredAt?: Date;
}

export function webhookHmac(body: string, secret = TEST_API_SECRET): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function signedWebhook(uri: string, topic: string, payload: unknown, options: WebhookOptions): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return new Request(new URL(uri, "http://localhost"), {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": options.shop,
      "X-Shopify-API-Version": WEBHOOK_API_VERSION,
      "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": (options.triggeredAt ?? new Date()).toISOString(),
      "X-Shopify-Hmac-Sha256": options.hmac ?? webhookHmac(body, options.secret),
    },
  });
}
