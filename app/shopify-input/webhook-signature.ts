// The check every queued webhook passes at the door, done in one synchronous HMAC: the body's HMAC-SHA256 with the
// app's secret, base64, equal to X-Shopify-Hmac-Sha256, and every header Shopify's library requires present. It
// answers only "signed and complete"; anything else goes to the library, whose answer (401, or 400 naming what is
// missing) stands (docs/decisions/054-settlement-in-gathered-batches.md).
import { createHmac, timingSafeEqual } from "node:crypto";

/** The headers Shopify's webhook check requires, lower-cased as Node gives them. */
export const REQUIRED_WEBHOOK_HEADERS = ["x-shopify-hmac-sha256", "x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"] as const;

export interface SignedWebhook {
  hmac: string;
  /** Storage form, as Shopify's library gives it: ORDERS_PAID. */
  topic: string;
  domain: string;
  apiVersion: string;
  webhookId: string;
}

/** A topic in the form Shopify's library gives it (`orders/paid` → `ORDERS_PAID`), which both checks compare. */
export function storageTopic(topic: string): string {
  return topic.toUpperCase().replace(/\/|\./g, "_");
}

/** The webhook's fields when its body is signed with `secret` and no required header is missing; otherwise null. */
export function signedWebhook(secret: string, rawBody: string, headers: ReadonlyMap<string, string>): SignedWebhook | null {
  const [hmac, topic, domain, apiVersion, webhookId] = REQUIRED_WEBHOOK_HEADERS.map((name) => headers.get(name) ?? "");
  if (!rawBody || !hmac || !topic || !domain || !apiVersion || !webhookId) return null;
  const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
  const given = Buffer.from(hmac, "base64");
  // A header that is not the expected digest's base64 exactly (other padding, stray characters) is not ours to judge.
  if (given.length !== expected.length || given.toString("base64") !== hmac || !timingSafeEqual(given, expected)) return null;
  return { hmac, topic: storageTopic(topic), domain, apiVersion, webhookId };
}
