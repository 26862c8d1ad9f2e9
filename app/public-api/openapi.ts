// The OpenAPI 3.1 document of the public API, generated from the endpoints (api-endpoints.ts) and the zod schemas
// the routes parse and answer with (api-schemas.ts); served at /api/v1/openapi.json and read by docs/public-api.md's
// test. OpenAPI 3.1's schemas are JSON Schema 2020-12, which is what z.toJSONSchema writes.
import { z } from "zod";
import { ENDPOINTS, type Endpoint } from "./api-endpoints";
import { apiSchemas } from "./api-schemas";

const REF = (id: string) => `#/components/schemas/${id}`;

const STATUS_TEXT: Record<number, string> = {
  400: "The query, body or Idempotency-Key is not valid (`invalid_request`, `missing_idempotency_key`).",
  401: "No key, not a Tally key, a revoked key, or the shop uninstalled Tally.",
  403: "The key can only read (`insufficient_scope`).",
  404: "No such member in this key's shop (`member_not_found`).",
  409: "The Idempotency-Key was used for a different request (`idempotency_key_reused`), or the same request is still running.",
  422: "The request cannot be carried out: too few points (`insufficient_points`), no such reward (`unknown_reward`), a member out of the program (`not_in_program`) or a paused program (`program_paused`).",
  429: "Over the key's rate limit (`rate_limited`); the Retry-After header says how many seconds to wait.",
  502: "Shopify did not create the discount code (`redemption_failed`); nothing was spent.",
};

/** Strips what each schema repeats once it sits in components: its own $schema and $id. */
function component(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** A query parameter's schema, inline: query values are plain strings and numbers. */
function inline(schema: z.ZodType): Record<string, unknown> {
  return component(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>);
}

function ref(schema: z.ZodType): Record<string, unknown> {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error("every body schema of the public API is registered in apiSchemas");
  return { $ref: REF(id) };
}

function operation(endpoint: Endpoint) {
  const parameters: Record<string, unknown>[] = [];
  if (endpoint.path.includes("{memberId}")) {
    parameters.push({ name: "memberId", in: "path", required: true, schema: { type: "string" }, description: "The member's `id`." });
  }
  for (const [name, field] of Object.entries(endpoint.query?.shape ?? {})) {
    const schema = inline(field as z.ZodType);
    const { description, ...rest } = schema;
    parameters.push({ name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, schema: rest, ...(description ? { description } : {}) });
  }
  if (endpoint.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: true,
      description: "Your own unique value for this write (a UUID). Retrying with the same key and body gives the same answer and writes once.",
      schema: { type: "string", minLength: 1, maxLength: 100 },
    });
  }
  const errorStatuses = [...new Set([400, 401, ...endpoint.errors, 429])].sort((a, b) => a - b);
  return {
    operationId: endpoint.id,
    summary: endpoint.summary,
    description: endpoint.description,
    "x-tally-scope": endpoint.scope,
    security: [{ apiKey: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(endpoint.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(endpoint.body) } } } } : {}),
    responses: {
      [String(endpoint.success.status)]: { description: endpoint.success.description, content: { "application/json": { schema: ref(endpoint.success.schema) } } },
      ...Object.fromEntries(
        errorStatuses.map((status) => [
          String(status),
          {
            description: STATUS_TEXT[status] ?? "Error",
            ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } } : {}),
            content: { "application/json": { schema: { $ref: REF("Error") } } },
          },
        ]),
      ),
    },
  };
}

export function openApiDocument(serverUrl: string) {
  const generated = z.toJSONSchema(apiSchemas, { io: "output", uri: REF, unrepresentable: "any" }) as { schemas: Record<string, Record<string, unknown>> };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of Object.values(ENDPOINTS) as Endpoint[]) {
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operation(endpoint);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tally public API",
      version: "1",
      description: "Members, points, custom earning events and rewards of one shop, for the merchant's developers and other apps. See docs/public-api.md.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A key from the API keys page of Tally's admin: `Authorization: Bearer tally_…`." } },
      schemas: Object.fromEntries(Object.entries(generated.schemas).map(([id, schema]) => [id, component(schema)])),
    },
    paths,
  };
}
