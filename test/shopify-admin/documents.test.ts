// Every GraphQL document Tally sends is valid for Shopify's Admin schema (../shared/shopify/) and within its cost
// limit, checked by the same validator the Admin API stand-in answers with; and no document is sent from outside
// app/shopify-admin, where this test could not see it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { getOperationAST, Kind, parse, type FragmentDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { ADMIN_DOCUMENTS, BULK_QUERY_DOCUMENTS } from "~/shopify-admin/documents";
import { historyOrdersBulkQuery } from "~/shopify-admin/shop-history-bulk-queries";
import { bulkQueryProblems } from "../../tools/admin-api-standin/bulk-operations";
import { adminSchema } from "../../tools/admin-api-standin/admin-schema";
import { MAX_QUERY_COST, requestedQueryCost } from "../../tools/admin-api-standin/query-cost";
import { validateAdminDocument, type ShopifyGraphqlError } from "../../tools/admin-api-standin/validate-admin-document";
import { ROOT } from "../support/test-database";

function describeErrors(errors: ShopifyGraphqlError[]): string {
  return errors.map((error) => `${error.message} (${error.extensions?.code ?? "no code"}, ${JSON.stringify(error.locations)})`).join("\n");
}

function expectValid(name: string, document: string): void {
  const errors = validateAdminDocument(document);
  if (errors.length > 0) throw new Error(`${name} is not valid for Shopify's Admin schema:\n${describeErrors(errors)}`);
}

function costOf(document: string): number {
  const parsed = parse(document);
  const operation = getOperationAST(parsed);
  if (!operation) throw new Error("no operation");
  const fragments = new Map(parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  return requestedQueryCost(adminSchema(), operation, fragments, {});
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.includes(".test."))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}generated${path.sep}`));
}

describe("the Admin GraphQL documents Tally sends", () => {
  it.each(Object.entries(ADMIN_DOCUMENTS))("%s is valid for the 2026-04 Admin schema", (name, document) => {
    expectValid(name, document);
  });

  it.each(Object.entries(ADMIN_DOCUMENTS))("%s stays under Shopify's query cost limit", (_name, document) => {
    expect(costOf(document)).toBeLessThanOrEqual(MAX_QUERY_COST);
  });

  it.each(Object.entries(BULK_QUERY_DOCUMENTS))("the bulk query %s is valid for the 2026-04 Admin schema and Shopify's bulk rules", (name, document) => {
    expectValid(name, document);
    expect(bulkQueryProblems(document)).toEqual([]);
  });

  it("writes the orders bulk query with a run's window and it stays valid", () => {
    const query = historyOrdersBulkQuery(new Date("2025-12-05T00:00:00Z"), new Date("2026-12-05T00:00:00Z"));
    expect(query).toContain(`orders(query: "created_at:>='2025-12-05T00:00:00.000Z' AND created_at:<'2026-12-05T00:00:00.000Z'", sortKey: CREATED_AT)`);
    expectValid("historyOrdersBulkQuery", query);
    expect(bulkQueryProblems(query)).toEqual([]);
  });

  it("refuses bulk queries Shopify would refuse: no connection, more than five, nested three deep, top-level node", () => {
    expect(bulkQueryProblems("query { shop { name } }")).toEqual(["Bulk queries must contain at least one connection."]);
    expect(bulkQueryProblems(`query { products { edges { node { variants { edges { node { id } } } collections { edges { node { id } } } media { edges { node { id } } } metafields { edges { node { id } } } } } } }`)).toEqual([]);
    expect(bulkQueryProblems(`query { products { edges { node { variants { edges { node { id } } } collections { edges { node { id } } } media { edges { node { id } } } metafields { edges { node { id } } } sellingPlanGroups { edges { node { id } } } } } } }`)).toEqual([
      "Bulk queries cannot contain more than 5 connections.",
    ]);
    expect(bulkQueryProblems(`query { orders { edges { node { lineItems { edges { node { id } } } fulfillmentOrders { edges { node { lineItems { edges { node { id } } } } } } } } } }`)).toContain(
      "Bulk queries cannot contain connections with a nesting depth greater than 2.",
    );
    expect(bulkQueryProblems(`query { node(id: "gid://shopify/Order/1") { id } orders { edges { node { id } } } }`)).toContain("The top-level `node` and `nodes` fields can't be used in bulk queries.");
  });

  it("fails with Shopify's validation message for a broken document", () => {
    const broken = `#graphql
      query ShopProfile($unused: ID) {
        shop { name currencyCode primaryDomain }
        order { id totalPrice(currency: "USD") }
      }
    `;
    expect(() => expectValid("BROKEN", broken)).toThrow(
      [
        "BROKEN is not valid for Shopify's Admin schema:",
        `Variable $unused is declared by ShopProfile but not used (variableNotUsed, [{"line":2,"column":7}])`,
        `Field must have selections (field 'primaryDomain' returns Domain but has no selections. Did you mean 'primaryDomain { ... }'?) (selectionMismatch, [{"line":3,"column":34}])`,
        `Field 'order' is missing required arguments: id (missingRequiredArguments, [{"line":4,"column":9}])`,
        `Field 'totalPrice' doesn't accept argument 'currency' (argumentNotAccepted, [{"line":4,"column":31}])`,
      ].join("\n"),
    );
  });

  it("refuses a document over the cost limit, as Shopify would", () => {
    const expensive = `query { orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }`;
    expect(validateAdminDocument(expensive)).toEqual([]);
    expect(costOf(expensive)).toBeGreaterThan(MAX_QUERY_COST);
  });

  it("lists every document of app/shopify-admin, and there are none elsewhere in app/", async () => {
    const appDir = path.join(ROOT, "app");
    const adminDir = path.join(appDir, "shopify-admin");
    const elsewhere = sourceFiles(appDir).filter((file) => !file.startsWith(adminDir) && readFileSync(file, "utf8").includes("#graphql"));
    expect(elsewhere.map((file) => path.relative(ROOT, file))).toEqual([]);

    const listed = new Set([...Object.values(ADMIN_DOCUMENTS), ...Object.values(BULK_QUERY_DOCUMENTS)]);
    const unlisted: string[] = [];
    for (const file of sourceFiles(adminDir)) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value !== "string" || !value.includes("#graphql")) continue;
        const hasOperation = parse(value).definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION);
        if (hasOperation && !listed.has(value)) unlisted.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect(unlisted).toEqual([]);
  });
});
