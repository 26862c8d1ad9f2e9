// The HTTP routes of the queued webhook topics, one per topic, each path the `uri` of its subscription in
// shopify.app.toml. server.mjs serves them ahead of Remix: a delivery needs no React, no route matching and no
// Fetch Request/Response conversion, which together cost as much as the rest of its intake
// (docs/decisions/011-webhook-intake-ahead-of-remix.md). The other topics (app/*, compliance) are Remix routes.
import express, { type Request, type Response } from "express";
import { customerPayload } from "~/shopify-input/customer-payload";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { REQUIRED_WEBHOOK_HEADERS } from "~/shopify-input/webhook-signature";
import { receiveQueuedWebhook, type QueuedTopic } from "./webhook-intake.server";
import { log } from "~/operations/logger.server";

export const QUEUED_WEBHOOK_ROUTES: ReadonlyArray<QueuedTopic & { path: string }> = [
  { path: "/webhooks/orders/paid", topic: "orders/paid", schema: orderPayload },
  { path: "/webhooks/orders/cancelled", topic: "orders/cancelled", schema: orderPayload },
  { path: "/webhooks/refunds/create", topic: "refunds/create", schema: refundPayload },
  { path: "/webhooks/customers/create", topic: "customers/create", schema: customerPayload },
  { path: "/webhooks/customers/update", topic: "customers/update", schema: customerPayload },
];

/** Shopify caps webhook payloads well below this; a larger body is not from Shopify. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * The request as Shopify's library reads it for its webhook check: only the headers it requires. The library
 * canonicalises every header name it holds on each of its dozen lookups, and with all the request's headers that
 * was a fifth of the intake's CPU time.
 */
function headersOf(req: Request) {
  const entries: [string, string][] = [];
  for (const name of REQUIRED_WEBHOOK_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) entries.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  return { method: req.method, url: `http://${req.headers.host ?? "localhost"}${req.originalUrl}`, headers: new Map(entries) };
}

function answer(res: Response, status: number, error?: string): void {
  if (error) res.status(status).json({ error });
  else res.status(status).end();
}

export function queuedWebhookRouter(): express.Router {
  const router = express.Router();
  for (const route of QUEUED_WEBHOOK_ROUTES) {
    router.post(route.path, async (req, res) => {
      try {
        const rawBody = await readBody(req);
        const result = await receiveQueuedWebhook(route, rawBody, headersOf(req));
        answer(res, result.status, result.error);
      } catch (error) {
        if (error instanceof BodyTooLarge) return answer(res, 413, `The webhook body is larger than ${MAX_BODY_BYTES} bytes.`);
        // Nothing was stored: Shopify retries a 5xx, and the retry is taken in normally.
        log().error({ topic: route.topic, err: error }, "taking in a webhook failed; Shopify will retry it");
        answer(res, 500, "The webhook could not be stored; Shopify will retry it.");
      }
    });
    router.all(route.path, (_req, res) => {
      res.set("Allow", "POST");
      answer(res, 405, `${route.path} takes POST requests from Shopify only.`);
    });
  }
  return router;
}
