// Tally's backend at the network boundary, for the extension tests: answers /api/shopper/* requests from a
// table of canned responses (shaped as docs/shopper-api.md describes) and records every request, so tests can
// assert what the extension sent — the Bearer token, the body — as well as what it showed.
import { vi } from "vitest";

export interface RecordedRequest {
  method: string;
  url: URL;
  authorization: string | null;
  body: unknown;
}

type Answer = { status: number; body: unknown };
type Route = Answer | ((request: RecordedRequest) => Answer);

export const SESSION_TOKEN = "mock-session-token";
export const APP_URL = "https://tally.test";

export function answer(status: number, body: unknown): Answer {
  return { status, body };
}

/** A route that gives these answers one per request, in order, and the last one from then on: a retry's world. */
export function inTurn(...answers: Answer[]): (request: RecordedRequest) => Answer {
  let next = 0;
  return () => answers[Math.min(next++, answers.length - 1)] as Answer;
}

export function shopperBackend(routes: Record<string, Route>) {
  const requests: RecordedRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const request: RecordedRequest = {
      method: init?.method ?? "GET",
      url,
      authorization: headers.get("Authorization"),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const route = url.origin === APP_URL ? routes[`${request.method} ${url.pathname}`] : undefined;
    if (route === undefined) return new Response(JSON.stringify({ error: { code: "not_found", message: "no such route" } }), { status: 404 });
    const { status, body } = typeof route === "function" ? route(request) : route;
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    requests,
    /** The requests to one endpoint, e.g. `to("POST /api/shopper/redeem")`. */
    to(route: string) {
      return requests.filter((request) => `${request.method} ${request.url.pathname}` === route);
    },
  };
}
