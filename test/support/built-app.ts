// The production build of the app, driven in-process through Remix's request handler: real routes, real
// authentication, real database, no server process. `npm test` builds before running the suite.
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { buildState, SERVER_BUILD as BUILD } from "./build-freshness";

export type AppHandler = (request: Request) => Promise<Response>;

let loads = 0;

/**
 * Loads build/server/index.js with this environment (DATABASE_URL etc.). Each load is a new instance of the
 * app's modules, so one test file can load the app once per database it covers.
 */
export async function loadBuiltApp(environment: Record<string, string>): Promise<AppHandler> {
  const state = buildState();
  if (state === "missing") throw new Error("build/server/index.js is missing: run `npm run build` (npm test does it first)");
  if (state === "stale") {
    throw new Error("build/ is older than app/: run `npm run build` (npm test does it first)");
  }
  Object.assign(process.env, { NODE_ENV: "production", SHOPIFY_API_KEY: "tally-test-key", SHOPIFY_APP_URL: "https://tally.example.com" }, environment);
  // A fresh module instance per load, so its configuration (read once per instance) is this environment's.
  const build = (await import(`${pathToFileURL(BUILD).href}?load=${++loads}`)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (request) => handle(request);
}
