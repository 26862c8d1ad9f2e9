// Answers one Admin GraphQL request as Shopify would: a document that fails validation, a variable of the wrong
// type or a query over the cost limit gets HTTP 200 with `errors` and no data; a valid one is executed against the
// schema with the shop's scenario and answered with `data` (and `errors` for fields that failed) plus the cost
// extension Shopify adds.
import { execute, getOperationAST, getVariableValues, Kind, print, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode } from "graphql";
import { z } from "zod";
import { adminSchema } from "./admin-schema.ts";
import { bulkOperationFields } from "./bulk-operations.ts";
import { answerFlowTrigger } from "./flow-triggers.ts";
import { customerDataMutations } from "./customer-data.ts";
import { maxCostExceededError, MAX_QUERY_COST, requestedQueryCost } from "./query-cost.ts";
import { indexObjectsById, resolveField, resolveType, type ResolveContext } from "./resolve-field.ts";
import type { RecordedRequest, ScenarioStore } from "./scenario-store.ts";
import { checkAdminDocument, toShopifyError, type ShopifyGraphqlError } from "./validate-admin-document.ts";

export interface AdminAnswer {
  status: number;
  body: unknown;
}

const requestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/** Shopify's throttle bucket for a standard plan, reported in every response's cost extension. */
const BUCKET = { maximumAvailable: 2000, restoreRate: 100 };

function answer(body: unknown): AdminAnswer {
  return { status: 200, body };
}

/** graphql-ruby's form for a variable that does not fit its declared type. */
function variableError(error: GraphQLError, operation: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyGraphqlError {
  const name = /Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(error.message)?.[1] ?? "";
  const definition = operation.variableDefinitions?.find((candidate) => candidate.variable.name.value === name);
  const typeText = definition ? print(definition.type) : "unknown";
  const explanation = error.message.includes("; ") ? error.message.slice(error.message.indexOf("; ") + 2) : error.message;
  return {
    message: `Variable $${name} of type ${typeText} was provided invalid value`,
    ...(error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {}),
    extensions: { code: "INVALID_VARIABLE", value: variables[name] ?? null, problems: [{ path: error.path ?? [], explanation }] },
  };
}

export async function answerAdminRequest(store: ScenarioStore, shop: string, apiVersion: string, body: unknown): Promise<AdminAnswer> {
  const parsed = requestBody.safeParse(body);
  if (!parsed.success) return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const { query } = parsed.data;
  const variables = parsed.data.variables ?? {};
  const operationName = parsed.data.operationName ?? undefined;

  const schema = adminSchema();
  const check = checkAdminDocument(query, schema);
  const operation = check.valid ? getOperationAST(check.document, operationName) : null;
  const request: RecordedRequest = {
    shop,
    apiVersion,
    operationName: operationName ?? operation?.name?.value ?? null,
    operation: operation?.operation ?? "query",
    query,
    variables,
  };
  store.record(request);
  if (!check.valid) return answer({ errors: check.errors });
  if (!operation) {
    return answer({ errors: [{ message: operationName ? `No operation named "${operationName}"` : "An operation name is required" }] });
  }

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return answer({ errors: coerced.errors.map((error) => variableError(error, operation, variables)) });

  const fragments = new Map(
    check.document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const cost = requestedQueryCost(schema, operation, fragments, coerced.coerced);
  if (cost > MAX_QUERY_COST) return answer({ errors: [maxCostExceededError(cost)] });

  const scenario = store.shop(shop);
  const context: ResolveContext = { request, objectsById: indexObjectsById(scenario.query), searchReports: [] };
  const bulk = bulkOperationFields(store, shop, request);
  const result = await execute({
    schema,
    document: check.document,
    operationName,
    variableValues: variables,
    // Flow's check of a trigger's payload is built in, and customers' metafields and tags are kept by the stand-in
    // itself; a scenario's own mutations replace them.
    rootValue:
      operation.operation === "mutation"
        ? { flowTriggerReceive: (args: Record<string, unknown>) => answerFlowTrigger(store.flowExtensionsDir, args), ...customerDataMutations(store.customerData(shop)), ...bulk.mutation, ...scenario.mutation }
        : { ...bulk.query, ...scenario.query },
    contextValue: context,
    fieldResolver: resolveField,
    typeResolver: resolveType,
  });
  return answer({
    ...(result.errors ? { errors: result.errors.map((error) => toShopifyError(error)) } : {}),
    data: result.data ?? null,
    extensions: {
      cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: { ...BUCKET, currentlyAvailable: BUCKET.maximumAvailable - cost } },
      ...(context.searchReports.length > 0 ? { search: context.searchReports } : {}),
    },
  });
}
