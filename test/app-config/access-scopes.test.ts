// shopify.app.toml asks merchants for exactly the access scopes Tally uses: every scope the Admin API documents it
// sends (app/shopify-admin/documents.ts), the webhook topics it subscribes to and its app proxy need is declared,
// and nothing else is. Shopify's rules come from test/support/shopify-access-scopes.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCESS_SCOPES, ACCESS_SCOPES_LIST } from "~/shopify-admin/access-scopes";
import { ADMIN_DOCUMENTS, BULK_QUERY_DOCUMENTS } from "~/shopify-admin/documents";
import { adminSchema } from "../../tools/admin-api-standin/admin-schema";
import { declaredScopes, readAppToml, scopeDifferences, scopesOfAppConfig, scopesOfDocument, type ScopeNeed } from "../support/shopify-access-scopes";
import { ROOT } from "../support/test-database";

const toml = readAppToml();

function tallyNeeds(documents: Record<string, string> = { ...ADMIN_DOCUMENTS, ...BULK_QUERY_DOCUMENTS }, config = toml): ScopeNeed[] {
  return [...Object.entries(documents).flatMap(([name, document]) => scopesOfDocument(adminSchema(), name, document)), ...scopesOfAppConfig(config)];
}

describe("shopify.app.toml's access scopes", () => {
  it("are exactly what Tally's Admin API documents, webhooks and app proxy need", () => {
    expect(scopeDifferences(declaredScopes(toml), tallyNeeds())).toEqual({ missing: [], unused: [] });
  });

  it("are the app's list, which names what needs each, and the SCOPES of .env.example", () => {
    expect(declaredScopes(toml)).toEqual(Object.keys(ACCESS_SCOPES));
    const example = /^SCOPES=(.*)$/m.exec(readFileSync(path.join(ROOT, ".env.example"), "utf8"))?.[1];
    expect(example).toBe(ACCESS_SCOPES_LIST);
  });

  it("have a reason for each: the documents, topics and config that need it", () => {
    const needs = tallyNeeds();
    const by = (scope: string) => [...new Set(needs.filter((need) => need.scope === scope).map((need) => need.by))].sort();
    expect(by("read_customers")).toEqual([
      "HISTORY_CUSTOMERS_BULK_QUERY: Customer",
      "HISTORY_CUSTOMERS_BULK_QUERY: customers",
      "HISTORY_ORDERS_BULK_QUERY: Customer",
      "RECENT_ORDERS_QUERY: Customer",
      "STORE_CREDIT_CREDITS_QUERY: Customer",
      "STORE_CREDIT_CREDITS_QUERY: customer",
      "webhook customers/create",
      "webhook customers/update",
    ]);
    expect(by("read_discounts")).toEqual(["CODE_DISCOUNT_BY_CODE: codeDiscountNodeByCode"]);
    expect(by("write_app_proxy")).toEqual(["[app_proxy]"]);
    expect(by("read_products")).toEqual(["COLLECTION_PRODUCTS_QUERY: collection", "PRODUCT_VARIANT_QUERY: productVariant"]);
    expect(by("write_store_credit_account_transactions")).toEqual(["STORE_CREDIT_ACCOUNT_CREDIT: storeCreditAccountCredit"]);
    // Met by write_store_credit_account_transactions, which grants reading what it writes.
    expect(by("read_store_credit_account_transactions")).toEqual([
      "STORE_CREDIT_ACCOUNT_CREDIT: StoreCreditAccountCreditTransaction",
      "STORE_CREDIT_CREDITS_QUERY: StoreCreditAccountTransaction",
    ]);
    expect(by("read_store_credit_accounts")).toEqual(["STORE_CREDIT_CREDITS_QUERY: StoreCreditAccount"]);
    expect(by("write_customers")).toEqual([
      "METAFIELDS_SET: metafieldsSet",
      "METAFIELD_DEFINITION_CREATE: metafieldDefinitionCreate",
      "TAGS_ADD: tagsAdd",
      "TAGS_REMOVE: tagsRemove",
    ]);
  });
});

describe("the scope check", () => {
  it("finds a scope nothing uses: without the code lookup, read_discounts is unused", () => {
    const { CODE_DISCOUNT_BY_CODE: _lookup, ...others } = ADMIN_DOCUMENTS;
    expect(scopeDifferences(declaredScopes(toml), tallyNeeds(others))).toEqual({ missing: [], unused: ["read_discounts"] });
  });

  it("finds a scope a document needs and the toml lacks", () => {
    const noting = `mutation TallyUpdateOrder($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { message } } }`;
    const { missing } = scopeDifferences(declaredScopes(toml), tallyNeeds({ ...ADMIN_DOCUMENTS, ORDER_UPDATE: noting }));
    expect(missing).toEqual([{ scope: "write_orders", by: "ORDER_UPDATE: orderUpdate" }]);
  });

  it("finds the app proxy's scope missing, as the toml was before", () => {
    const before = toml.replace(/^scopes = ".*"$/m, 'scopes = "read_customers,write_customers,read_orders,read_discounts,write_discounts"');
    // The documents of that time: free-product and store-credit rewards and collections came later, with their own scopes.
    const { PRODUCT_VARIANT_QUERY: _variant, STORE_CREDIT_ACCOUNT_CREDIT: _credit, STORE_CREDIT_CREDITS_QUERY: _credits, COLLECTION_PRODUCTS_QUERY: _collections, ...documentsThen } = ADMIN_DOCUMENTS;
    expect(scopeDifferences(declaredScopes(before), tallyNeeds(documentsThen, before))).toEqual({ missing: [{ scope: "write_app_proxy", by: "[app_proxy]" }], unused: [] });
  });

  it("refuses a root field or topic whose scope nobody has looked up", () => {
    expect(() => scopesOfDocument(adminSchema(), "PRODUCTS", "query { products(first: 1) { nodes { id } } }")).toThrow(
      "PRODUCTS uses QueryRoot.products, whose access scope test/support/shopify-access-scopes.ts does not know",
    );
    expect(() => scopesOfAppConfig('  topics = [ "products/update" ]\n')).toThrow("shopify.app.toml subscribes to products/update, whose access scope");
  });
});
