// GET /api/v1/openapi.json — the public API's OpenAPI 3.1 document, generated from the schemas the routes use.
// Public: it describes the API and holds nothing of any shop.
import { env } from "~/env.server";
import { apiJson } from "~/public-api/api-responses";
import { openApiDocument } from "~/public-api/openapi";

let document: string | undefined;

export function loader() {
  document ??= JSON.stringify(openApiDocument(env().appUrl));
  return new Response(document, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}

export const action = () => apiJson({ error: { code: "method_not_allowed", message: "Use GET here." } }, 405, { Allow: "GET" });
