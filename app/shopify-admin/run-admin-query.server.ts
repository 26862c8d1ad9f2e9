// Sends one of Tally's Admin GraphQL documents through the library's admin client and returns its data, parsed.
// Shopify answers a rejected document, a bad variable or a query over the cost limit with HTTP 200 and `errors`;
// the library throws those as GraphqlQueryError. Either way the caller gets an AdminQueryError naming the
// operation and Shopify's messages, never half-read data.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { z } from "zod";

/** What Tally needs of an admin context: `authenticate.admin`, `unauthenticated.admin` and tests all give one. */
export type AdminGraphql = Pick<AdminApiContext, "graphql">;

export class AdminQueryError extends Error {
  override name = "AdminQueryError";
  constructor(
    readonly operation: string,
    readonly messages: string[],
    options?: ErrorOptions,
  ) {
    super(`${operation}: ${messages.join("; ")}`, options);
  }
}

const graphqlErrors = z.array(z.object({ message: z.string() }));
const responseBody = z.object({ data: z.unknown().optional(), errors: graphqlErrors.optional() });
/** The parts of the library's GraphqlQueryError that carry Shopify's messages. */
const libraryQueryError = z.object({ body: z.object({ errors: z.object({ graphQLErrors: graphqlErrors }) }) });

function operationName(document: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document)?.[1] ?? "anonymous operation";
}

export async function runAdminQuery<Data extends z.ZodType>(
  admin: AdminGraphql,
  document: string,
  variables: Record<string, unknown>,
  data: Data,
): Promise<z.output<Data>> {
  const operation = operationName(document);
  let response: Response;
  try {
    response = await admin.graphql(document, { variables });
  } catch (error) {
    const rejected = libraryQueryError.safeParse(error);
    if (rejected.success) throw new AdminQueryError(operation, rejected.data.body.errors.graphQLErrors.map((e) => e.message), { cause: error });
    throw error;
  }
  const body = responseBody.parse(await response.json());
  if (body.errors && body.errors.length > 0) throw new AdminQueryError(operation, body.errors.map((e) => e.message));
  const parsed = data.safeParse(body.data);
  if (!parsed.success) throw new AdminQueryError(operation, [`unexpected response: ${z.prettifyError(parsed.error)}`]);
  return parsed.data;
}
