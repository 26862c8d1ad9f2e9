// Every Remix webhook route starts here: the shop header must name one shop, Shopify's library checks the HMAC (401
// when it does not match, 400 when Shopify's headers are missing), then the payload is parsed with the topic's
// schema. A payload we cannot read is answered 400 with what is wrong, and nothing is written.
import type { z } from "zod";
import { authenticate } from "~/shopify.server";
import { badShopHeaderMessage, isShopDomain } from "~/shopify-input/shop-domain";
import { parseShopifyJson } from "~/shopify-input/shopify-json";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";

export interface ReceivedWebhook<T> {
  shop: string;
  /** Shopify's topic in storage form, e.g. APP_UNINSTALLED, CUSTOMERS_REDACT. */
  topic: string;
  webhookId: string;
  payload: T;
  sessionId: string | null;
  /** The shop's Admin API client from its offline session, as Shopify's library gives it; null without a session. */
  admin: AdminGraphql | null;
}

export function badRequest(message: string): Response {
  return Response.json({ error: message }, { status: 400 });
}

type Authenticated = Awaited<ReturnType<typeof authenticate.webhook>>;

/**
 * Our check of the shop header (which the HMAC does not cover), then Shopify's of the signature and headers.
 * The payload is read from the raw body with the Shopify JSON parser, not taken from the library, whose
 * JSON.parse rounds ids above 2^53.
 */
export async function authenticateWebhook(request: Request): Promise<Authenticated> {
  // Checked first: the library would take a malformed shop as far as its session lookup, and fail there with a 500.
  const shopHeader = request.headers.get("X-Shopify-Shop-Domain");
  if (shopHeader !== null && !isShopDomain(shopHeader)) throw badRequest(badShopHeaderMessage(shopHeader));
  const rawBody = request.clone().text();
  // Awaited below only once the signature matched; a refused request leaves it unread.
  rawBody.catch(() => undefined);
  let authenticated: Authenticated;
  try {
    authenticated = await authenticate.webhook(request);
  } catch (error) {
    // The library parses the body only after the signature matched; a signed body that is not JSON lands here.
    if (error instanceof SyntaxError) throw badRequest("The webhook body is not valid JSON.");
    throw error;
  }
  let payload: unknown;
  try {
    payload = parseShopifyJson(await rawBody);
  } catch {
    throw badRequest("The webhook body is not valid JSON.");
  }
  return { ...authenticated, payload: payload as Authenticated["payload"] };
}

export type PayloadCheck<T> = { ok: true; payload: T } | { ok: false; message: string };

/** The payload in the topic's schema, or what is wrong with it, in words a developer can act on. */
export function checkPayload<S extends z.ZodType>(schema: S, payload: unknown, topic: string): PayloadCheck<z.infer<S>> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  return { ok: false, message: `The ${topic} payload is malformed: ${problems.join("; ")}` };
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, topic: string): z.infer<S> {
  const checked = checkPayload(schema, payload, topic);
  if (!checked.ok) throw badRequest(checked.message);
  return checked.payload;
}

export async function receiveWebhook<S extends z.ZodType>(request: Request, schema: S): Promise<ReceivedWebhook<z.infer<S>>> {
  const { shop, topic, webhookId, payload, session, admin } = await authenticateWebhook(request);
  return { shop, topic, webhookId, payload: parsePayload(schema, payload, topic), sessionId: session?.id ?? null, admin: admin ?? null };
}
