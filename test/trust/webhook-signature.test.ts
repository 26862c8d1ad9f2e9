// The intake tells a signed, complete webhook by one synchronous HMAC and leaves every other one to Shopify's
// library (app/shopify-input/webhook-signature.ts, docs/decisions/054-settlement-in-gathered-batches.md). Held here
// to the library itself, on the same bodies and headers: whatever the fast check accepts the library accepts, with
// the same fields, and every webhook the library accepts the fast check accepts too, so none is slowed. The HTTP
// answers to what both refuse (401, 400 naming the header) are held in test/webhooks/order-events.test.ts.
import "@shopify/shopify-api/adapters/web-api";
import { createHmac } from "node:crypto";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { REQUIRED_WEBHOOK_HEADERS, signedWebhook } from "~/shopify-input/webhook-signature";

const SECRET = "shpss_signature-test";
const library = shopifyApi({
  apiKey: "signature-test",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.April26,
  hostName: "tally.example.com",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

function headers(body: string, overrides: Partial<Record<(typeof REQUIRED_WEBHOOK_HEADERS)[number], string | null>> = {}): Map<string, string> {
  const base: Record<string, string> = {
    "x-shopify-hmac-sha256": sign(body),
    "x-shopify-topic": "orders/paid",
    "x-shopify-shop-domain": "signature.myshopify.com",
    "x-shopify-api-version": "2026-04",
    "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  };
  const entries = Object.entries({ ...base, ...overrides }).filter((entry): entry is [string, string] => entry[1] !== null);
  return new Map(entries);
}

async function bothChecks(body: string, given: Map<string, string>) {
  const ours = signedWebhook(SECRET, body, given);
  const theirs = await library.webhooks.validate({ rawBody: body, rawRequest: { method: "POST", url: "https://tally.example.com/webhooks/orders/paid", headers: given } });
  return { ours, theirs };
}

const ORDER = JSON.stringify({ id: 820982911946154, email: "jon@example.com", note: "Ünïcödé ✓ — 🍩", total_price: "199.65" });

describe("the intake's signature check against Shopify's library", () => {
  it("accepts what the library accepts, with the library's fields, whatever the body and topic", async () => {
    const bodies = [ORDER, "{}", JSON.stringify({ line_items: Array.from({ length: 400 }, (_, i) => ({ id: i, title: `Item ${i} ✓` })) }), "not json at all"];
    const topics = ["orders/paid", "refunds/create", "customers/update", "app_subscriptions.update"];
    for (const body of bodies) {
      for (const topic of topics) {
        const { ours, theirs } = await bothChecks(body, headers(body, { "x-shopify-topic": topic }));
        expect(theirs.valid).toBe(true);
        expect(ours).not.toBeNull();
        const { valid, webhookType, ...fields } = theirs as typeof theirs & { webhookType: string };
        expect({ valid, webhookType }).toEqual({ valid: true, webhookType: "webhooks" });
        expect(ours).toEqual(fields);
      }
    }
  });

  it("leaves to the library every webhook it refuses: a wrong or reshaped signature, another secret, a missing header or body", async () => {
    const right = sign(ORDER);
    const refused: [string, string, Map<string, string>][] = [
      ["a tampered body", `${ORDER} `, headers(ORDER)],
      ["another app's secret", ORDER, headers(ORDER, { "x-shopify-hmac-sha256": sign(ORDER, "shpss_someone-else") })],
      ["a forged signature", ORDER, headers(ORDER, { "x-shopify-hmac-sha256": "Zm9yZ2Vk" })],
      ["the signature without its padding", ORDER, headers(ORDER, { "x-shopify-hmac-sha256": right.replace(/=+$/, "") })],
      ["the signature with a trailing space", ORDER, headers(ORDER, { "x-shopify-hmac-sha256": `${right} ` })],
      ["the signature in hex", ORDER, headers(ORDER, { "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(ORDER).digest("hex") })],
      ["the signature base64url", ORDER, headers(ORDER, { "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(ORDER).digest("base64url") })],
      ["an empty body", "", headers("")],
      ...REQUIRED_WEBHOOK_HEADERS.map((name): [string, string, Map<string, string>] => [`no ${name}`, ORDER, headers(ORDER, { [name]: null })]),
      ...REQUIRED_WEBHOOK_HEADERS.map((name): [string, string, Map<string, string>] => [`an empty ${name}`, ORDER, headers(ORDER, { [name]: "" })]),
    ];
    for (const [what, body, given] of refused) {
      const { ours, theirs } = await bothChecks(body, given);
      expect({ what, ours, valid: theirs.valid }).toEqual({ what, ours: null, valid: false });
    }
  });
});
