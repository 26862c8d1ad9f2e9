// The requested cost of a query, by the rules Shopify documents (https://shopify.dev/docs/api/usage/limits):
// scalars and enums 0, objects 1, a connection 2 plus its page size times the cost of one node, a mutation 10.
// Shopify refuses a query whose requested cost is over 1,000 before running it. A list field without a page size
// counts once here (Shopify does not document how it sizes those), so this is a lower bound for such fields and
// exact for the connections that make queries expensive.
import {
  getArgumentValues,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  isLeafType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MAX_QUERY_COST = 1000;

/** Shopify's connection types: an object named *Connection with a pageInfo and edges or nodes. */
export function isConnectionType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

function listOf(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

interface CostContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function selectionCost(context: CostContext, selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType): number {
  if (!selectionSet) return 0;
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const field = fields[selection.name.value];
      if (field) total += fieldCost(context, field, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? context.schema.getType(selection.typeCondition.name.value) : parent;
      if (on && (isObjectType(on) || isInterfaceType(on) || isUnionType(on))) total += selectionCost(context, selection.selectionSet, on);
    } else {
      const fragment = context.fragments.get(selection.name.value);
      const on = fragment && context.schema.getType(fragment.typeCondition.name.value);
      if (fragment && on && (isObjectType(on) || isInterfaceType(on) || isUnionType(on))) total += selectionCost(context, fragment.selectionSet, on);
    }
  }
  return total;
}

function pageSize(context: CostContext, field: GraphQLField<unknown, unknown>, node: Parameters<typeof getArgumentValues>[1]): number | null {
  const args = getArgumentValues(field, node, context.variables);
  const size = args.first ?? args.last;
  return typeof size === "number" ? size : null;
}

function fieldCost(context: CostContext, field: GraphQLField<unknown, unknown>, node: Parameters<typeof getArgumentValues>[1] & { selectionSet?: SelectionSetNode }): number {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  if (isConnectionType(named) && isObjectType(named)) {
    // The node's cost is what is selected on it through `nodes` or `edges { node }`; pageInfo and cursors are free.
    let perNode = 0;
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) continue;
      const edgeOrNodes = named.getFields()[selection.name.value];
      if (!edgeOrNodes) continue;
      if (selection.name.value === "nodes") perNode += fieldCost(context, edgeOrNodes, selection);
      if (selection.name.value === "edges") {
        const edge = getNamedType(edgeOrNodes.type);
        if (!isObjectType(edge)) continue;
        for (const inner of selection.selectionSet?.selections ?? []) {
          const innerField = inner.kind === Kind.FIELD ? edge.getFields()[inner.name.value] : undefined;
          if (innerField && inner.kind === Kind.FIELD) perNode += fieldCost(context, innerField, inner);
        }
      }
    }
    return 2 + (pageSize(context, field, node) ?? 0) * perNode;
  }
  const own = 1 + selectionCost(context, node.selectionSet, named as GraphQLCompositeType);
  if (listOf(field.type)) return (pageSize(context, field, node) ?? 1) * own;
  return own;
}

/** The requested cost of the operation, with its variables. */
export function requestedQueryCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>): number {
  const context: CostContext = { schema, fragments, variables };
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  if (operation.operation !== "mutation") return selectionCost(context, operation.selectionSet, root);
  let total = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = root.getFields()[selection.name.value];
    if (field) total += 10 + selectionCost(context, selection.selectionSet, getNamedType(field.type) as GraphQLCompositeType);
  }
  return total;
}

/** Shopify's answer to a query over the limit, before anything runs. */
export function maxCostExceededError(cost: number) {
  return {
    message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_QUERY_COST, documentation: "https://shopify.dev/api/usage/rate-limits" },
  };
}
