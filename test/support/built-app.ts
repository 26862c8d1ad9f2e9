// The production build of the app, driven in-process through Remix's request handler: real routes, real
// authentication, real database, no server process. `npm test` builds before running the suite.
import { existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { ROOT } from "./test-database";

const BUILD = path.join(ROOT, "build/server/index.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestSource(full));
    } else if (!entry.name.includes(".test.")) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

export type AppHandler = (request: Request) => Promise<Response>;

let loads = 0;

/**
 * Loads build/server/index.js with this environment (DATABASE_URL etc.). Each load is a new instance of the
 * app's modules, so one test file can load the app once per database it covers.
 */
export async function loadBuiltApp(environment: Record<string, string>): Promise<AppHandler> {
  if (!existsSync(BUILD)) throw new Error("build/server/index.js is missing: run `npm run build` (npm test does it first)");
  if (newestSource(path.join(ROOT, "app")) > statSync(BUILD).mtimeMs) {
    throw new Error("build/ is older than app/: run `npm run build` (npm test does it first)");
  }
  Object.assign(process.env, { NODE_ENV: "production", SHOPIFY_API_KEY: "tally-test-key", SHOPIFY_APP_URL: "https://tally.example.com" }, environment);
  // A fresh module instance per load, so its configuration (read once per instance) is this environment's.
  const build = (await import(`${pathToFileURL(BUILD).href}?load=${++loads}`)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (request) => handle(request);
}
