// What Shopify requires for the parts of its platform Tally uses, from its reference pages: the scope each Admin
// GraphQL root field, object type and webhook topic names ("Requires `read_orders` access scope"), and
// write_app_proxy for an [app_proxy] (Shopify refuses the config without it). The 2026-04 schema's descriptions do
// not carry the scopes, so they are written here; a root field or topic missing from these tables fails
// test/app-config/access-scopes.test.ts until someone looks it up and adds it.
// https://shopify.dev/docs/api/usage/access-scopes
import { readFileSync } from "node:fs";
import path from "node:path";
import { GraphQLObjectType, isCompositeType, getNamedType, parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema } from "graphql";
import { ROOT } from "./test-database";

/** Query and mutation root fields: the scope each needs; null when any app may call it. */
export const ROOT_FIELD_SCOPES: Readonly<Record<string, string | null>> = {
  shop: null,
  orders: "read_orders",
  order: "read_orders",
  refund: "read_orders",
  customer: "read_customers",
  customers: "read_customers",
  customerUpdate: "write_customers",
  // Metafields and tags are written with the owner's write scope; Tally writes them on customers only
  // (https://shopify.dev/docs/apps/build/custom-data/metafields/manage-metafields, .../mutations/tagsAdd).
  metafieldDefinitionCreate: "write_customers",
  metafieldsSet: "write_customers",
  tagsAdd: "write_customers",
  tagsRemove: "write_customers",
  orderUpdate: "write_orders",
  codeDiscountNodeByCode: "read_discounts",
  discountCodeBasicCreate: "write_discounts",
  discountCodeBasicUpdate: "write_discounts",
  discountCodeFreeShippingCreate: "write_discounts",
  discountCodeDeactivate: "write_discounts",
  // No scope of its own (the 2026-04 schema gives it no requiredAccess); the customer reference its triggers carry
  // needs read_customers, which Tally holds for its webhooks. https://shopify.dev/docs/apps/build/flow/triggers/create
  flowTriggerReceive: null,
  // No scope of their own: a bulk operation needs the scopes of the query it runs, which is checked as a document
  // of its own (BULK_QUERY_DOCUMENTS). https://shopify.dev/docs/api/usage/bulk-operations/queries
  bulkOperationRunQuery: null,
  bulkOperation: null,
  productVariant: "read_products",
  // Collections are products' resource: https://shopify.dev/docs/api/admin-graphql/latest/queries/collection
  collection: "read_products",
  storeCreditAccountCredit: "write_store_credit_account_transactions",
};

/** Object types that need their own scope wherever a document reaches them (an order's customer needs read_customers). */
export const TYPE_SCOPES: Readonly<Record<string, string>> = {
  Customer: "read_customers",
  Order: "read_orders",
  Refund: "read_orders",
  // https://shopify.dev/docs/api/admin-graphql/latest/objects/StoreCreditAccount and .../StoreCreditAccountCreditTransaction
  StoreCreditAccount: "read_store_credit_accounts",
  StoreCreditAccountTransaction: "read_store_credit_account_transactions",
  StoreCreditAccountCreditTransaction: "read_store_credit_account_transactions",
};

/** Webhook topics: the scope Shopify requires to subscribe; null for the app's own and the compliance topics. */
export const WEBHOOK_TOPIC_SCOPES: Readonly<Record<string, string | null>> = {
  "app/uninstalled": null,
  "app/scopes_update": null,
  // No scope: the 2026-04 schema's SHOP_UPDATE names none (ORDERS_PAID's says "Requires … read_orders"), and Shopify
  // lists shop/update among the topics an app with no scopes may subscribe to.
  "shop/update": null,
  "orders/paid": "read_orders",
  "orders/cancelled": "read_orders",
  "refunds/create": "read_orders",
  "customers/create": "read_customers",
  "customers/update": "read_customers",
};

export interface ScopeNeed {
  scope: string;
  /** What needs it: "RECENT_ORDERS_QUERY: Customer", "webhook orders/paid", "[app_proxy]". */
  by: string;
}

/** The scopes one Admin GraphQL document needs; throws on a root field the table does not know. */
export function scopesOfDocument(schema: GraphQLSchema, name: string, document: string): ScopeNeed[] {
  const needs: ScopeNeed[] = [];
  const typeInfo = new TypeInfo(schema);
  const roots = new Set([schema.getQueryType(), schema.getMutationType()]);
  visit(
    parse(document),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent instanceof GraphQLObjectType && roots.has(parent)) {
          const scope = ROOT_FIELD_SCOPES[node.name.value];
          if (scope === undefined) throw new Error(`${name} uses ${parent.name}.${node.name.value}, whose access scope test/support/shopify-access-scopes.ts does not know: look it up in Shopify's reference and add it`);
          if (scope) needs.push({ scope, by: `${name}: ${node.name.value}` });
        }
        const type = typeInfo.getType();
        const named = type ? getNamedType(type) : undefined;
        if (named && isCompositeType(named) && TYPE_SCOPES[named.name]) needs.push({ scope: TYPE_SCOPES[named.name] as string, by: `${name}: ${named.name}` });
      },
    }),
  );
  return needs;
}

/** The scopes shopify.app.toml's own declarations need: its webhook topics and its app proxy. */
export function scopesOfAppConfig(toml: string): ScopeNeed[] {
  const needs: ScopeNeed[] = [];
  for (const [, list] of toml.matchAll(/^\s*topics\s*=\s*\[([^\]]*)\]/gm)) {
    for (const [, topic = ""] of (list ?? "").matchAll(/"([^"]+)"/g)) {
      const scope = WEBHOOK_TOPIC_SCOPES[topic];
      if (scope === undefined) throw new Error(`shopify.app.toml subscribes to ${topic}, whose access scope test/support/shopify-access-scopes.ts does not know: look it up in Shopify's reference and add it`);
      if (scope) needs.push({ scope, by: `webhook ${topic}` });
    }
  }
  if (/^\[app_proxy\]/m.test(toml)) needs.push({ scope: "write_app_proxy", by: "[app_proxy]" });
  return needs;
}

/** [access_scopes] scopes in shopify.app.toml, as written. */
export function declaredScopes(toml: string): string[] {
  // The section runs to the next table header; its comments may name other tables.
  const section = toml.split(/^(?=\[)/m).find((part) => part.startsWith("[access_scopes]")) ?? "";
  const match = /^scopes\s*=\s*"([^"]*)"/m.exec(section);
  if (!match) throw new Error("shopify.app.toml has no [access_scopes] scopes");
  return (match[1] ?? "").split(",").map((scope) => scope.trim()).filter(Boolean);
}

/** The read scope a write scope also grants: "Any scope that writes a resource also grants read access to it" (https://shopify.dev/docs/api/usage/access-scopes). */
const readOf = (scope: string) => scope.replace(/^write_/, "read_");

/** Scopes needed and not declared (a read need is met by its write scope), and declared and needed by nothing. */
export function scopeDifferences(declared: string[], needs: ScopeNeed[]): { missing: ScopeNeed[]; unused: string[] } {
  const needed = new Set(needs.map((need) => need.scope));
  const granted = new Set(declared.flatMap((scope) => [scope, readOf(scope)]));
  return { missing: needs.filter((need) => !granted.has(need.scope)), unused: declared.filter((scope) => !needed.has(scope)) };
}

export function readAppToml(root = ROOT): string {
  return readFileSync(path.join(root, "shopify.app.toml"), "utf8");
}
