// How the shopper endpoints answer: JSON, never cached by a browser or a CDN (balances change), with the
// surface's CORS headers; errors as { error: { code, message } } in the shopper's language.
import type { z } from "zod";
import { parseShopifyJson } from "~/shopify-input/shopify-json";
import type { ShopperContext } from "./shopper-auth.server";
import type { ShopperErrorCode } from "./shopper-strings";

export function shopperJson(context: Pick<ShopperContext, "cors">, body: unknown, status = 200): Response {
  return context.cors(
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } }),
  );
}

export function shopperError(context: ShopperContext, status: number, code: ShopperErrorCode, message: string, extra: Record<string, unknown> = {}): Response {
  return shopperJson(context, { error: { code, message, ...extra } }, status);
}

/** The JSON body parsed with the schema, or the 400 to send back (with what is wrong, in plain words). */
export async function parseBody<Schema extends z.ZodType>(context: ShopperContext, request: Request, schema: Schema): Promise<{ ok: true; data: z.output<Schema> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = parseShopifyJson(await request.text());
  } catch {
    return { ok: false, response: shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail: "the body is not JSON" })) };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  return { ok: false, response: shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail })) };
}

export function methodNotAllowed(context: ShopperContext, allow: string): Response {
  const response = shopperError(context, 405, "invalid_request", context.strings.error("invalid_request", { detail: `use ${allow}` }));
  response.headers.set("Allow", allow);
  return response;
}
