// Checks a GraphQL document against Shopify's Admin schema and reports what is wrong the way Shopify's API does.
// Used by the stand-in for every request and by the test that validates every document Tally sends.
import { GraphQLError, parse, specifiedRules, validate, visit, type ASTNode, type DocumentNode, type GraphQLSchema } from "graphql";
import { adminSchema } from "./admin-schema.ts";
import { RULE_CODES, REPLACED_RULES, SHOPIFY_RULES } from "./shopify-validation-rules.ts";

/** One entry of the `errors` array of a Shopify GraphQL response. */
export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export type DocumentCheck = { valid: true; document: DocumentNode } | { valid: false; errors: ShopifyGraphqlError[] };

function ruleCode(name: string): string {
  const bare = name.replace(/Rule$/, "");
  return RULE_CODES[name] ?? bare.charAt(0).toLowerCase() + bare.slice(1);
}

/**
 * Where each node sits in the document, as graphql-ruby names it in `path`: the operation ("query ShopProfile"),
 * then fields (by alias when there is one), fragments and arguments.
 */
function documentPaths(document: DocumentNode): Map<ASTNode, string[]> {
  const paths = new Map<ASTNode, string[]>();
  const stack: string[] = [];
  const segment = (node: ASTNode): string | null => {
    switch (node.kind) {
      case "OperationDefinition":
        return node.name ? `${node.operation} ${node.name.value}` : node.operation;
      case "FragmentDefinition":
        return `fragment ${node.name.value}`;
      case "Field":
        return node.alias?.value ?? node.name.value;
      case "InlineFragment":
        return node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...";
      case "FragmentSpread":
        return `... ${node.name.value}`;
      case "Argument":
      case "ObjectField":
        return node.name.value;
      default:
        return null;
    }
  };
  visit(document, {
    enter(node) {
      const name = segment(node);
      if (name !== null) stack.push(name);
      paths.set(node, [...stack]);
    },
    leave(node) {
      if (segment(node) !== null) stack.pop();
    },
  });
  return paths;
}

export function toShopifyError(error: GraphQLError, paths?: Map<ASTNode, string[]>): ShopifyGraphqlError {
  const node = error.nodes?.[0];
  const path = error.path ? [...error.path] : node && paths?.get(node);
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {}),
    ...(path && path.length > 0 ? { path } : {}),
    ...(Object.keys(error.extensions).length > 0 ? { extensions: { ...error.extensions } } : {}),
  };
}

/** Parses and validates a document; on failure, the errors Shopify would answer with. */
export function checkAdminDocument(source: string, schema: GraphQLSchema = adminSchema()): DocumentCheck {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    if (error instanceof GraphQLError) return { valid: false, errors: [toShopifyError(error)] };
    throw error;
  }
  const errors: GraphQLError[] = [];
  for (const rule of specifiedRules) {
    if (REPLACED_RULES.has(rule.name)) continue;
    for (const found of validate(schema, document, [rule])) {
      errors.push(new GraphQLError(found.message, { nodes: found.nodes, extensions: { code: ruleCode(rule.name) } }));
    }
  }
  errors.push(...validate(schema, document, SHOPIFY_RULES));
  if (errors.length === 0) return { valid: true, document };
  const paths = documentPaths(document);
  const byPosition = (error: GraphQLError) => (error.locations?.[0]?.line ?? 0) * 100_000 + (error.locations?.[0]?.column ?? 0);
  return { valid: false, errors: errors.sort((a, b) => byPosition(a) - byPosition(b)).map((error) => toShopifyError(error, paths)) };
}

/** The errors Shopify would answer this document with; empty when it is valid. */
export function validateAdminDocument(source: string, schema?: GraphQLSchema): ShopifyGraphqlError[] {
  const check = checkAdminDocument(source, schema);
  return check.valid ? [] : check.errors;
}
