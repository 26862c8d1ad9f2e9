// How a delivery is signed (docs/outgoing-webhooks.md shows a receiver checking it). The endpoint's secret is not
// stored: it is derived from the app's secret and a random salt kept with the endpoint, so the database alone does
// not give it away, and it can be shown to the merchant once, at creation.
import { createHmac, randomBytes } from "node:crypto";

export function newSecretSalt(): string {
  return randomBytes(32).toString("base64url");
}

export function endpointSecret(signingKey: string, endpointId: string, salt: string): string {
  return `whsec_${createHmac("sha256", signingKey).update(`tally-webhook-endpoint:${endpointId}:${salt}`).digest("base64url")}`;
}

/** HMAC-SHA256, hex, of `<timestamp>.<body>` with the endpoint's secret: the Tally-Signature header. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}
