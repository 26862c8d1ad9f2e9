// Every public API request goes through here before and after its endpoint: the key (401), the shop (401), the
// rate limit (429), the method (405), the scope (403), the query, path and body parsed with the endpoint's
// schemas (400), the Idempotency-Key of a write (400, 409); then the endpoint runs, and the call is recorded in the
// key's call log whatever its answer. Routes stay a few lines each (app/routes/api.v1.*).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { db } from "~/db/db.server";
import type { TallyDatabase } from "~/db/database.server";
import { env } from "~/env.server";
import { scopeAllows } from "~/loyalty/api-access/api-key";
import { recordApiCall } from "~/loyalty/api-access/api-call-log.server";
import { checkApiKey, touchApiKey, type ApiKeyRecord } from "~/loyalty/api-access/api-key-store.server";
import { claimIdempotencyKey, releaseIdempotencyKey, requestFingerprint } from "~/loyalty/api-access/idempotency-keys.server";
import { findShop, type ShopRecord } from "~/loyalty/program/shop-store.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { idempotencyKeySchema, memberIdParam, type ApiErrorCode } from "./api-schemas";
import type { Endpoint } from "./api-endpoints";
import { apiError, apiJson } from "./api-responses";
import { decodeCursor } from "./page-cursor";
import { createRateLimiter } from "./rate-limiter";

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface EndpointInput<E extends Endpoint> {
  db: TallyDatabase;
  shop: ShopRecord;
  key: ApiKeyRecord;
  /** Who acts, for the audit log and the transfer's actor: the key, by name. */
  actor: StaffMember;
  memberId: string;
  query: Output<E["query"]>;
  body: Output<E["body"]>;
  /** The write's Idempotency-Key (null for reads). */
  idempotencyKey: string;
}

export type EndpointAnswer<E extends Endpoint> =
  | { ok: true; body: z.input<E["success"]["schema"]> }
  | { ok: false; status: number; code: ApiErrorCode; message: string };

export interface ApiRoute<E extends Endpoint = Endpoint> {
  endpoint: E;
  run(input: EndpointInput<E>): Promise<EndpointAnswer<E>>;
}

export function apiRoute<E extends Endpoint>(endpoint: E, run: (input: EndpointInput<E>) => Promise<EndpointAnswer<E>>): ApiRoute<E> {
  return { endpoint, run };
}

let limiter: ReturnType<typeof createRateLimiter> | undefined;
/** Keys whose last call was refused for the rate: a run of refusals is logged once, not once per call. */
const refusing = new Set<string>();

function zodMessage(error: z.ZodError, where: string): string {
  return error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((name) => `${[where, ...issue.path, name].join(".")}: not ${where === "query" ? "a parameter" : "a field"} of this endpoint`).join("; ")
        : `${[where, ...issue.path].join(".")}: ${issue.message}`,
    )
    .join("; ");
}

function bearer(request: Request): string | null {
  const header = request.headers.get("Authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? "";
}

/** Builds a route's loader and action from its endpoints, one per method. */
export function publicApiRoute(...routes: ApiRoute[]) {
  const byMethod = new Map<string, ApiRoute>(routes.map((route) => [route.endpoint.method, route]));
  return async ({ request, params }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    const database = db();
    const presented = bearer(request);
    if (presented === null) {
      return apiError(401, "missing_api_key", "Send your API key in the Authorization header: `Authorization: Bearer tally_…`. Staff create keys on the API keys page of Tally's admin.", { "WWW-Authenticate": "Bearer" });
    }
    const checked = await checkApiKey(database.read, presented);
    if (!checked.ok && checked.error === "unknown_key") {
      return apiError(401, "invalid_api_key", "This API key is not one of Tally's keys. Check that it was copied whole; staff can create a new one on the API keys page.", { "WWW-Authenticate": "Bearer" });
    }
    const record = async (status: number, keyRecord: ApiKeyRecord) => {
      const now = new Date();
      await recordApiCall(database, { shop: keyRecord.shop, keyId: keyRecord.id, method: request.method, path: new URL(request.url).pathname, status, at: now });
      if (keyRecord.revokedAt === null) await touchApiKey(database, keyRecord.id, now);
    };
    if (!checked.ok) {
      await record(401, checked.record);
      return apiError(401, "revoked_api_key", "This API key was revoked. Ask the shop's staff for a new one (API keys page of Tally's admin).", { "WWW-Authenticate": "Bearer" });
    }
    const key = checked.record;

    limiter ??= createRateLimiter(env().apiRateLimit);
    const decision = limiter.take(key.id, Date.now());
    if (!decision.allowed) {
      if (!refusing.has(key.id)) {
        refusing.add(key.id);
        await record(429, key);
      }
      return apiError(429, "rate_limited", `This key made more than ${env().apiRateLimit} calls in a minute. Wait ${decision.retryAfterSeconds} s (Retry-After) and try again.`, {
        "Retry-After": String(decision.retryAfterSeconds),
      });
    }
    refusing.delete(key.id);

    let response: Response;
    try {
      response = await answer(database, request, params, key, byMethod);
    } catch (error) {
      console.error(`tally: public API ${request.method} ${new URL(request.url).pathname} failed:`, error);
      response = apiError(500, "internal_error", "Tally could not answer this request. Try again; if it keeps failing, tell the shop's staff.");
    }
    await record(response.status, key);
    return response;
  };
}

async function answer(database: TallyDatabase, request: Request, params: Record<string, string | undefined>, key: ApiKeyRecord, byMethod: Map<string, ApiRoute>): Promise<Response> {
  const installed = await database.read.shop.findUnique({ where: { domain: key.shop }, select: { uninstalledAt: true } });
  const shop = installed && !installed.uninstalledAt ? await findShop(database.read, key.shop) : null;
  if (!shop) return apiError(401, "shop_not_installed", "Tally is not installed on this key's shop any more, so its keys no longer work.");

  const route = byMethod.get(request.method.toUpperCase());
  if (!route) {
    const allow = [...byMethod.keys()].join(", ");
    return apiError(405, "method_not_allowed", `Use ${allow} here.`, { Allow: allow });
  }
  const { endpoint } = route;
  if (!scopeAllows(key.scope, endpoint.scope)) {
    return apiError(403, "insufficient_scope", "This key can only read. Ask the shop's staff for a read and write key to change points or redeem rewards.");
  }

  let memberId = "";
  if (endpoint.path.includes("{memberId}")) {
    const parsed = memberIdParam.safeParse(params.memberId);
    if (!parsed.success) return apiError(404, "member_not_found", "There is no such member in this shop.");
    memberId = parsed.data;
  }

  let query: unknown = undefined;
  if (endpoint.query) {
    const url = new URL(request.url);
    const raw: Record<string, string> = {};
    for (const name of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(name);
      if (values.length > 1) return apiError(400, "invalid_request", `query.${name}: give it once.`);
      raw[name] = values[0] ?? "";
    }
    const parsed = endpoint.query.safeParse(raw);
    if (!parsed.success) return apiError(400, "invalid_request", zodMessage(parsed.error, "query"));
    const values = parsed.data as { cursor?: string };
    if (values.cursor !== undefined && !decodeCursor(values.cursor)) return apiError(400, "invalid_request", "query.cursor: pass back a nextCursor exactly as a page gave it.");
    query = parsed.data;
  }

  let body: unknown = undefined;
  if (endpoint.body) {
    let json: unknown;
    try {
      json = JSON.parse(await request.text());
    } catch {
      return apiError(400, "invalid_request", "The body is not JSON. Send a JSON object with Content-Type: application/json.");
    }
    const parsed = endpoint.body.safeParse(json);
    if (!parsed.success) return apiError(400, "invalid_request", zodMessage(parsed.error, "body"));
    body = parsed.data;
  }

  let idempotencyKey = "";
  let claim: { fingerprint: string; fresh: boolean } | null = null;
  if (endpoint.idempotent) {
    const header = request.headers.get("Idempotency-Key");
    if (header === null) return apiError(400, "missing_idempotency_key", "Writes need an Idempotency-Key header: a value of your own (a UUID) that you send again, unchanged, when you retry the same request.");
    const parsed = idempotencyKeySchema.safeParse(header);
    if (!parsed.success) return apiError(400, "invalid_request", parsed.error.issues[0]?.message ?? "Idempotency-Key is not valid");
    idempotencyKey = parsed.data;
    const fingerprint = requestFingerprint(request.method, new URL(request.url).pathname, body);
    const claimed = await claimIdempotencyKey(database, { shop: key.shop, key: idempotencyKey, fingerprint, now: new Date() });
    if (!claimed.ok) {
      return apiError(409, "idempotency_key_reused", `Idempotency-Key "${idempotencyKey}" was already used for a different request. Use a new key for a new request; send a key again only to retry the very same request.`);
    }
    claim = { fingerprint, fresh: !claimed.replay };
  }

  const actor: StaffMember = { id: `api-key:${key.id}`, name: `API key “${key.name}”` };
  const result = await route.run({ db: database, shop, key, actor, memberId, query: query as never, body: body as never, idempotencyKey });
  if (!result.ok) {
    if (claim?.fresh) await releaseIdempotencyKey(database, { shop: key.shop, key: idempotencyKey, fingerprint: claim.fingerprint });
    return apiError(result.status, result.code, result.message);
  }
  return apiJson(result.body, endpoint.success.status, claim && !claim.fresh ? { "Idempotent-Replayed": "true" } : {});
}
