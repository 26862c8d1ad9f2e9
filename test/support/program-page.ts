// The Program page as demo staff see it through the built app: signed in once, then GET any admin path and POST
// the Program page's form. Shared by the Program page's tests (rewards, campaigns, tier rewards and grants).
import { expect } from "vitest";
import { loadBuiltApp } from "./built-app";
import { decodeHtml } from "./html-text";

const BASE = "http://localhost";

export interface ProgramPage {
  get(path: string): Promise<Response>;
  post(form: Record<string, string>): Promise<Response>;
}

/** Loads the built app in demo mode for `shop` (the database at `databaseUrl`) and signs in as its staff. */
export async function openProgramPage(databaseUrl: string, shop: string): Promise<ProgramPage> {
  const app = await loadBuiltApp({ DATABASE_URL: databaseUrl, NODE_ENV: "development", TALLY_DEMO: "1", TALLY_DEMO_SHOP: shop, TALLY_BACKGROUND_JOBS: "0" });
  const signIn = await app(new Request(`${BASE}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
  const cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^tally_demo=/);
  return {
    get: (path) => app(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } })),
    post: (form) => app(new Request(`${BASE}/app/program`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookie } })),
  };
}

/** Every field of the saved program as the page's form posts it (the inputs with a program- id). */
export function programForm(html: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*\bid="program-([^"]+)"[^>]*>/g)) {
    const tag = match[0];
    const name = (match[1] ?? "").replace(/-/g, ".");
    form[name] = /type="checkbox"/.test(tag) ? String(/\bchecked=""/.test(tag)) : decodeHtml(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
  }
  return form;
}
