// Shopify's Admin GraphQL schema, from the introspection result committed in tools/shopify-schema/ (a copy of the
// team's ../shared/shopify/ file, checked to be identical by test/shopify-admin/schema-copy.test.ts), so a fresh
// clone validates documents and runs the demo without anything beside it. Loaded once per process: building it
// takes about a second.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { z } from "zod";
import { enforceScalarFormats } from "./scalar-formats.ts";

/** The Admin API version the schema file describes; shopify.server.ts pins the same (ApiVersion.April26). */
export const ADMIN_API_VERSION = "2026-04";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const ADMIN_SCHEMA_FILE = path.resolve(REPO_ROOT, `tools/shopify-schema/admin-${ADMIN_API_VERSION}.introspection.json.gz`);
/** Where the team keeps Shopify's schema, beside the repository; present on our machines and in CI. */
export const SHARED_SCHEMA_FILE = path.resolve(REPO_ROOT, `../shared/shopify/admin-${ADMIN_API_VERSION}.introspection.json.gz`);

const introspectionFile = z.object({ data: z.object({ __schema: z.looseObject({ types: z.array(z.unknown()) }) }) });

let schema: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (!schema) {
    let raw: Buffer;
    try {
      raw = readFileSync(ADMIN_SCHEMA_FILE);
    } catch (error) {
      throw new Error(`Shopify's Admin schema is missing: expected ${ADMIN_SCHEMA_FILE}`, { cause: error });
    }
    const parsed = introspectionFile.parse(JSON.parse(gunzipSync(raw).toString("utf8")));
    // zod checked the envelope; buildClientSchema checks every type in it and throws on a malformed one.
    const built = buildClientSchema(parsed.data as unknown as IntrospectionQuery);
    enforceScalarFormats(built);
    schema = built;
  }
  return schema;
}
