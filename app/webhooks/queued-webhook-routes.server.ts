// The HTTP routes of the queued webhook topics, one per topic, each path the `uri` of its subscription in
// shopify.app.toml. server-app.mjs serves them ahead of Express and Remix: a delivery needs no React, no route
// matching and no Fetch Request/Response conversion, which together cost as much as the rest of its intake
// (docs/decisions/011-webhook-intake-ahead-of-remix.md). The other topics (app/*, compliance) are Remix routes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { guardBody } from "~/http/body-limit-middleware.server";
import { bodyLimitFor } from "~/http/body-limits";
import { customerPayload } from "~/shopify-input/customer-payload";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { REQUIRED_WEBHOOK_HEADERS } from "~/shopify-input/webhook-signature";
import { receiveQueuedWebhook, type QueuedTopic } from "./webhook-intake.server";
import { log } from "~/operations/logger.server";

type QueuedRoute = QueuedTopic & { path: string };

export const QUEUED_WEBHOOK_ROUTES: readonly QueuedRoute[] = [
  { path: "/webhooks/orders/paid", topic: "orders/paid", schema: orderPayload },
  { path: "/webhooks/orders/cancelled", topic: "orders/cancelled", schema: orderPayload },
  { path: "/webhooks/refunds/create", topic: "refunds/create", schema: refundPayload },
  { path: "/webhooks/customers/create", topic: "customers/create", schema: customerPayload },
  { path: "/webhooks/customers/update", topic: "customers/update", schema: customerPayload },
];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * The request as Shopify's library reads it for its webhook check: only the headers it requires. The library
 * canonicalises every header name it holds on each of its dozen lookups, and with all the request's headers that
 * was a fifth of the intake's CPU time.
 */
function headersOf(req: IncomingMessage) {
  const entries: [string, string][] = [];
  for (const name of REQUIRED_WEBHOOK_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) entries.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  return { method: req.method ?? "POST", url: `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, headers: new Map(entries) };
}

function answer(res: ServerResponse, status: number, error?: string, headers: Record<string, string> = {}): void {
  if (!error) {
    res.writeHead(status, { "Content-Length": 0, ...headers }).end();
    return;
  }
  const body = JSON.stringify({ error });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), ...headers }).end(body);
}

async function take(route: QueuedRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const result = await receiveQueuedWebhook(route, await readBody(req), headersOf(req));
    answer(res, result.status, result.error);
  } catch (error) {
    // Nothing was stored: Shopify retries a 5xx, and the retry is taken in normally.
    log().error({ topic: route.topic, err: error }, "taking in a webhook failed; Shopify will retry it");
    if (!res.headersSent) answer(res, 500, "The webhook could not be stored; Shopify will retry it.");
  }
}

/** The path without its query string or one trailing slash, as Express matched it. */
function pathOf(url: string | undefined): string {
  const path = (url ?? "/").split("?", 1)[0] ?? "/";
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/**
 * Answers a request to one of the queued topics' paths, and says whether it did. server-app.mjs asks it first,
 * ahead of Express: a delivery needs none of Express's middleware, routing or response helpers
 * (docs/decisions/073-queued-topics-ahead-of-express.md). Every other request goes on to Express. The body limit
 * of the webhook paths (body-limits.ts) is applied here, as the middleware applies it to the rest.
 */
export function queuedWebhookIntake(): (req: IncomingMessage, res: ServerResponse) => boolean {
  const routes = new Map(QUEUED_WEBHOOK_ROUTES.map((route) => [route.path, route]));
  return (req, res) => {
    const route = routes.get(pathOf(req.url));
    if (!route) return false;
    if (req.method !== "POST") {
      answer(res, 405, `${route.path} takes POST requests from Shopify only.`, { Allow: "POST" });
      return true;
    }
    if (guardBody(req, res, bodyLimitFor(route.path))) void take(route, req, res);
    return true;
  };
}
