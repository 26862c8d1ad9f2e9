// Puts the stand-in in front of globalThis.fetch for https://<shop>.myshopify.com/admin/api/<version>/graphql.json;
// the JSONL results of its bulk operations (bulk-operations.ts); every other request goes to the real fetch untouched.
//
// Install it before anything imports the Shopify SDK: @shopify/shopify-api's node adapter copies globalThis.fetch
// when it is imported (adapters/node/index.mjs: setAbstractFetchFunc(globalThis.fetch)) and the Admin client calls
// that copy ever after, so a fetch replaced later is never seen. Hence `node --import` for the demo (register.ts)
// and a vitest setup file for tests; test/admin-api-standin/ proves both orders.
import { ADMIN_API_VERSION } from "./admin-schema.ts";
import { answerAdminRequest } from "./answer-admin-request.ts";
import { bulkResultFor } from "./bulk-operations.ts";
import { createScenarioStore, type ScenarioStore } from "./scenario-store.ts";

const ADMIN_GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

export interface AdminApiStandin {
  store: ScenarioStore;
  /** Gives globalThis.fetch back, if nothing replaced it since. */
  uninstall(): void;
}

declare global {
  var __tallyAdminApiStandin: AdminApiStandin | undefined;
}

function requestUrl(input: Parameters<typeof fetch>[0]): URL | null {
  const text = input instanceof Request ? input.url : String(input);
  return URL.canParse(text) ? new URL(text) : null;
}

/** The shop and API version of an Admin GraphQL URL, or null for any other URL. */
export function adminGraphqlTarget(url: URL): { shop: string; apiVersion: string } | null {
  const version = ADMIN_GRAPHQL_PATH.exec(url.pathname)?.[1];
  if (url.protocol !== "https:" || !url.hostname.endsWith(".myshopify.com") || !version) return null;
  return { shop: url.hostname, apiVersion: version };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "X-Request-Id": crypto.randomUUID() },
  });
}

async function answer(store: ScenarioStore, request: Request, target: { shop: string; apiVersion: string }): Promise<Response> {
  if (request.method !== "POST") return json(405, { errors: "Method Not Allowed" });
  if (!request.headers.get("X-Shopify-Access-Token")) {
    return json(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  }
  if (target.apiVersion !== ADMIN_API_VERSION) {
    // The stand-in knows one schema; a request for another version must not be checked against the wrong one.
    return json(404, { errors: `The Admin API stand-in serves ${ADMIN_API_VERSION} only (the schema in tools/shopify-schema/), not ${target.apiVersion}` });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    body = null;
  }
  const result = await answerAdminRequest(store, target.shop, target.apiVersion, body);
  const answered = store.requests.at(-1);
  // What undici throws when the server closes the socket before answering.
  if (answered && store.loseAnswerTo?.(answered)) throw new TypeError("fetch failed", { cause: new Error("other side closed (the stand-in lost this answer)") });
  return json(result.status, result.body);
}

/**
 * Intercepts Admin GraphQL requests in this process. Installing twice returns the first installation, so a
 * setup file and a `--import` can both ask for it.
 */
export function installAdminApiStandin(store: ScenarioStore = createScenarioStore()): AdminApiStandin {
  const existing = globalThis.__tallyAdminApiStandin;
  if (existing) return existing;
  const realFetch = globalThis.fetch;
  const standinFetch: typeof fetch = async (input, init) => {
    const url = requestUrl(input);
    const result = url && bulkResultFor(store, url);
    if (result !== null && result !== "") return new Response(result, { status: 200, headers: { "Content-Type": "application/jsonl" } });
    const target = url && adminGraphqlTarget(url);
    if (!target) return realFetch(input, init);
    return answer(store, new Request(input, init), target);
  };
  globalThis.fetch = standinFetch;
  const standin: AdminApiStandin = {
    store,
    uninstall() {
      if (globalThis.fetch === standinFetch) globalThis.fetch = realFetch;
      if (globalThis.__tallyAdminApiStandin === standin) globalThis.__tallyAdminApiStandin = undefined;
    },
  };
  globalThis.__tallyAdminApiStandin = standin;
  return standin;
}
