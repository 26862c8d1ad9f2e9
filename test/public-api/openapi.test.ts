// The OpenAPI document at /api/v1/openapi.json: OpenAPI 3.1, every route of the API in it and nothing else, the
// real answers of every endpoint fitting its schemas exactly, and docs/public-api.md saying what it says.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "~/public-api/api-schemas";
import { adminApi } from "../support/admin-api-standin";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { apiCall, makeApiKey } from "../support/public-api";
import { schemaProblems } from "../support/json-schema-check";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content: Record<string, { schema: Schema }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const doc = readFileSync(path.join(ROOT, "docs/public-api.md"), "utf8");

/** The API's paths as its route files name them: api.v1.members.$memberId.events.ts → /api/v1/members/{memberId}/events. */
function routePaths(): string[] {
  return readdirSync(path.join(ROOT, "app/routes"))
    .filter((file) => file.startsWith("api.v1.") && !file.includes("openapi") && file !== "api.v1.$.ts")
    .map((file) =>
      `/${file
        .replace(/\.tsx?$/, "")
        .split(".")
        .filter((part) => part !== "_index")
        .map((part) => (part.startsWith("$") ? `{${part.slice(1)}}` : part))
        .join("/")}`,
    )
    .sort();
}

/** A documented table's first column after `<!-- <kind>: <name> -->`, as field paths. */
function documentedFields(kind: string, name: string): { field: string; type: string }[] | null {
  const start = doc.indexOf(`<!-- ${kind}: ${name} -->`);
  if (start < 0) return null;
  const rows = doc.slice(start).split("\n").slice(1);
  const table = rows.slice(0, rows.findIndex((line, index) => index > 0 && !line.startsWith("|")));
  return table.slice(2).map((line) => {
    const cells = line.split("|").map((cell) => cell.trim());
    return { field: (cells[1] ?? "").replace(/`/g, ""), type: cells[2] ?? "" };
  });
}

/** The fields of a component as the doc's tables list them: nested objects flattened with ".", refs by name. */
function schemaFields(schema: Schema, prefix = ""): { field: string; type: string | null }[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, child]) => {
    const field = `${prefix}${name}`;
    if (child.type === "object" && child.properties) return schemaFields(child, `${field}.`);
    return [{ field, type: typeWords(child, required.has(name)) }];
  });
}

/** The doc's words for a type; null for an enum, whose values the doc lists wherever it likes. */
function typeWords(schema: Schema, required: boolean): string | null {
  let words: string | null;
  if (typeof schema.$ref === "string") words = schema.$ref.replace("#/components/schemas/", "");
  else if (Array.isArray(schema.enum)) words = schema.enum.length <= 4 ? schema.enum.map((value) => `\`${value}\``).join(", ") : null;
  else if (Array.isArray(schema.type)) words = schema.type.join(" or ");
  else words = String(schema.type);
  return words === null ? null : required ? words : `${words}, optional`;
}

describe.each(testDatabaseKinds())("the OpenAPI document on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let document: Document;
  let key: string;
  let memberId: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    [memberId = ""] = await seedMembers(t.db, 1);
    await storeOfflineSession(t.db, SHOP);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0", TALLY_API_RATE_LIMIT: "1000" });
    key = (await makeApiKey(t.db, SHOP, "read_write")).key;
    const response = await app(new Request("http://localhost/api/v1/openapi.json"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    document = await response.json();
  });
  afterAll(() => t?.destroy());

  it("is OpenAPI 3.1 with a bearer scheme, served without a key", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Tally public API", version: "1" });
    expect(document.servers).toEqual([{ url: "https://tally.example.com" }]);
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("has every route of the API, and only those", () => {
    expect(Object.keys(document.paths).sort()).toEqual(routePaths());
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      ["createAdjustment", "createCustomEvent", "createRedemption", "getMember", "listMembers", "listRewards", "listTransfers"],
    );
    for (const [route, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const write = method === "post";
        expect(operation.parameters?.some((p) => p.name === "Idempotency-Key" && p.in === "header" && p.required) ?? false, `${method} ${route}`).toBe(write);
        expect(Boolean(operation.requestBody), `${method} ${route}`).toBe(write);
        if (route.includes("{memberId}")) expect(operation.parameters?.some((p) => p.name === "memberId" && p.in === "path")).toBe(true);
        expect(operation.responses["429"]).toBeDefined();
        expect(operation.responses["401"]?.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
  });

  it("resolves every reference it makes", () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((match) => match[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(document.components.schemas[ref], ref).toBeDefined();
    expect(JSON.stringify(document)).not.toContain('"$schema"');
  });

  it("describes exactly what every endpoint answers", async () => {
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "ADJUSTMENT", points: 900, status: "posted", idempotencyKey: "openapi:give" });
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/9901" }, userErrors: [] });
    const calls: [string, string, unknown?][] = [
      ["get", "/api/v1/members"],
      ["get", "/api/v1/members/{memberId}"],
      ["get", "/api/v1/members/{memberId}/transfers"],
      ["post", "/api/v1/members/{memberId}/adjustments", { points: 5, reason: "Doc check" }],
      ["post", "/api/v1/members/{memberId}/events", { event: "quiz.completed", points: 5, note: "Doc check" }],
      ["get", "/api/v1/rewards"],
      ["post", "/api/v1/members/{memberId}/redemptions", { rewardId: "amount-off-500" }],
    ];
    expect(calls.map(([method, route]) => `${method} ${route}`).sort()).toEqual(Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method} ${route}`)).sort());
    for (const [method, route, body] of calls) {
      const operation = document.paths[route]?.[method] as Operation;
      if (body !== undefined) expect(schemaProblems(body, operation.requestBody?.content["application/json"]?.schema ?? {}, document.components.schemas), route).toEqual([]);
      const response = await apiCall(app, method.toUpperCase(), route.replace("{memberId}", memberId), { key, body, idempotencyKey: method === "post" ? randomUUID() : undefined });
      const answer = operation.responses[String(response.status)];
      expect(answer, `${method} ${route} answered ${response.status}`).toBeDefined();
      expect(schemaProblems(await response.json(), answer?.content["application/json"]?.schema ?? {}, document.components.schemas), `${method} ${route}`).toEqual([]);
    }
    // And the errors: each fits the Error schema, whose codes are the API's.
    const error = await (await apiCall(app, "POST", `/api/v1/members/${memberId}/adjustments`, { key, body: { points: 0 }, idempotencyKey: randomUUID() })).json();
    expect(schemaProblems(error, { $ref: "#/components/schemas/Error" }, document.components.schemas)).toEqual([]);
    expect(schemaProblems({ error: { code: "made_up", message: "x" } }, { $ref: "#/components/schemas/Error" }, document.components.schemas)).not.toEqual([]);
  });

  it("is what docs/public-api.md documents: every endpoint, every table's fields and types, every error code", () => {
    const documentedEndpoints = [...doc.matchAll(/^### (GET|POST) (\S+)$/gm)].map((match) => `${match[1]?.toLowerCase()} ${match[2]}`).sort();
    expect(documentedEndpoints).toEqual(Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method} ${route}`)).sort());

    const markers = [...doc.matchAll(/<!-- schema: (\w+) -->/g)].map((match) => match[1] as string);
    expect(markers.length).toBeGreaterThanOrEqual(8);
    for (const name of markers) {
      const schema = document.components.schemas[name];
      expect(schema, `docs/public-api.md documents ${name}, which the document does not have`).toBeDefined();
      const documented = documentedFields("schema", name) ?? [];
      const actual = schemaFields(schema as Schema);
      expect(documented.map((row) => row.field).sort(), name).toEqual(actual.map((row) => row.field).sort());
      for (const row of actual) {
        if (row.type !== null) expect(documented.find((d) => d.field === row.field)?.type, `${name}.${row.field}`).toBe(row.type);
      }
    }
    for (const value of [...ERROR_CODES, ...((document.components.schemas.Transfer?.properties as Record<string, Schema>).code?.enum as string[])]) {
      expect(doc, value).toContain(`\`${value}\``);
    }
    for (const operationId of ["listMembers", "listTransfers"]) {
      const operation = Object.values(document.paths).flatMap((methods) => Object.values(methods)).find((op) => op.operationId === operationId);
      const query = (operation?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name).sort();
      expect(documentedFields("parameters", operationId)?.map((row) => row.field).sort(), operationId).toEqual(query);
    }
  });
});
