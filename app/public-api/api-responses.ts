// How the public API answers: JSON, never cached, errors as { error: { code, message } } (api-schemas.ts).
import type { z } from "zod";
import type { ApiErrorCode, errorResponse } from "./api-schemas";

export function apiJson(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}

export function apiError(status: number, code: ApiErrorCode, message: string, headers: Record<string, string> = {}): Response {
  const body: z.input<typeof errorResponse> = { error: { code, message } };
  return apiJson(body, status, headers);
}

/** The answer for a member that is not the key's shop's: the same whether it is another shop's or no one's. */
export const MEMBER_NOT_FOUND = { ok: false, status: 404, code: "member_not_found", message: "There is no such member in this shop." } as const;
