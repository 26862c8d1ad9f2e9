// How the shopper endpoints answer: JSON, never cached by a browser or a CDN (balances change), with the
// surface's CORS headers; errors as { error: { code, message } } in the shopper's language. Every answer is typed
// by its schema in contract/shopper-api.ts: a body that does not fit the contract does not compile.
import { z } from "zod";
import type * as zm from "zod/mini";
import { shopperErrorResponse, type ShopperErrorCode } from "../../contract/shopper-api";
import { parseShopifyJson } from "~/shopify-input/shopify-json";
import type { ShopperContext } from "./shopper-auth.server";

/** `schema` names the contract the body keeps; the type system holds the body to it. */
export function shopperJson<Schema extends zm.ZodMiniType>(context: Pick<ShopperContext, "cors">, _schema: Schema, body: zm.input<Schema>, status = 200): Response {
  return context.cors(
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } }),
  );
}

type ErrorExtra = Omit<zm.input<typeof shopperErrorResponse>["error"], "code" | "message">;

export function shopperError(context: ShopperContext, status: number, code: ShopperErrorCode, message: string, extra: ErrorExtra = {}): Response {
  return shopperJson(context, shopperErrorResponse, { error: { code, message, ...extra } }, status);
}

/** The JSON body parsed with the schema, or the 400 to send back (with what is wrong, in plain words). */
export async function parseBody<Schema extends zm.ZodMiniType>(context: ShopperContext, request: Request, schema: Schema): Promise<{ ok: true; data: zm.output<Schema> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = parseShopifyJson(await request.text());
  } catch {
    return { ok: false, response: shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail: "the body is not JSON" })) };
  }
  // Through zod (not zod/mini) so the issues are worded in English: zod/mini loads no messages of its own.
  const parsed = z.safeParse(schema, body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  return { ok: false, response: shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail })) };
}

export function methodNotAllowed(context: ShopperContext, allow: string): Response {
  const response = shopperError(context, 405, "invalid_request", context.strings.error("invalid_request", { detail: `use ${allow}` }));
  response.headers.set("Allow", allow);
  return response;
}
