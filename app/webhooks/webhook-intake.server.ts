// Taking in one delivery of a queued topic: Shopify's library checks the HMAC and the X-Shopify-* headers, the
// shop header must name one shop, the payload is parsed with the topic's schema, and the delivery is stored in the
// queue when the shop is installed; only then does Shopify get its 200
// (docs/decisions/018-what-a-webhook-may-do-at-the-door.md). The work runs afterwards, from the queue
// (docs/decisions/007-webhook-queue-and-settlement.md). Answers are plain values so the HTTP layer
// (queued-webhook-routes.server.ts) stays a thin adapter.
import type { z } from "zod";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { verifyWebhook, type WebhookRequestHeaders } from "~/shopify.server";
import { badShopHeaderMessage, isShopDomain } from "~/shopify-input/shop-domain";
import { parseShopifyJson } from "~/shopify-input/shopify-json";
import { storageTopic } from "~/shopify-input/webhook-signature";
import type { WebhookTopic } from "~/queue/delivery";
import { kickDeliveryWorker, noteDeliveryArrived } from "./delivery-worker.server";
import { checkPayload } from "./receive-webhook.server";
import { createArrivalClock } from "./arrival-clock";
import { reportDeliveryReceived, reportDeliveryTakenIn } from "~/operations/delivery-reports.server";

export interface QueuedTopic {
  topic: WebhookTopic;
  schema: z.ZodType;
}

export interface IntakeAnswer {
  status: 200 | 400 | 401;
  /** Why the delivery was refused, for whoever reads Shopify's delivery log. */
  error?: string;
}

const arrive = createArrivalClock();

export async function receiveQueuedWebhook(route: QueuedTopic, rawBody: string, request: WebhookRequestHeaders): Promise<IntakeAnswer> {
  noteDeliveryArrived();
  reportDeliveryReceived(route.topic);
  const check = await verifyWebhook(rawBody, request);
  if (!check.valid) {
    // As authenticate.webhook answers: 401 only when the HMAC does not match, 400 when something is missing.
    if (check.reason === "invalid_hmac") return { status: 401, error: "The X-Shopify-Hmac-Sha256 header does not match the body." };
    const missing = "missingHeaders" in check ? `: ${check.missingHeaders.join(", ")}` : "";
    return { status: 400, error: `The webhook is missing ${check.reason === "missing_headers" ? `Shopify's headers${missing}` : check.reason.replace("missing_", "its ")}.` };
  }
  if (check.topic !== storageTopic(route.topic)) {
    return { status: 400, error: `This address takes ${route.topic} webhooks; X-Shopify-Topic says ${check.topic}.` };
  }
  // The HMAC does not cover this header: it must at least name one shop, not two joined by a repeated header.
  if (!isShopDomain(check.domain)) return { status: 400, error: badShopHeaderMessage(check.domain) };
  let body: unknown;
  try {
    body = parseShopifyJson(rawBody);
  } catch {
    return { status: 400, error: "The webhook body is not valid JSON." };
  }
  const parsed = checkPayload(route.schema, body, route.topic);
  if (!parsed.ok) return { status: 400, error: parsed.message };

  const database = db();
  // A shop that is not installed gets its 200 too (Shopify would only retry), and nothing is stored.
  const delivery = { id: check.webhookId, shop: check.domain, topic: route.topic, payload: parsed.payload, ...arrive() };
  reportDeliveryTakenIn(delivery, await database.deliveries.enqueue(delivery));
  if (env().backgroundJobs) kickDeliveryWorker(database);
  return { status: 200 };
}
