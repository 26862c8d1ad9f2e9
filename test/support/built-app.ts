// The production build of the app, served in-process by the same composition server.mjs uses
// (server-app.mjs: the queued webhook routes ahead of Express and Remix), on a loopback port: real routes, real
// authentication, real database, no child process. `npm test` builds before running the suite.
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { buildState, SERVER_BUILD as BUILD } from "./build-freshness";

const SERVER_APP = path.resolve(import.meta.dirname, "../../server-app.mjs");

interface ServerAppModule {
  createServerApp(build: ServerBuild, mode: string): { listen(port: number, host: string): Server };
}

/** What app/entry.server.tsx exports for server.mjs besides Remix's handler: the threads beside the main one. */
export interface AppThreads {
  startSettlementThread(entry: URL): boolean;
  stopSettlementThread(): Promise<void>;
}

export type AppHandler = ((request: Request) => Promise<Response>) & {
  /** Where the app listens (http://127.0.0.1:<port>), for requests fetch cannot make (repeated headers, streamed bodies). */
  origin: string;
  /** This load's threads, started from an entry of the test's choosing (server.mjs starts settlement-thread.mjs). */
  threads: AppThreads;
};

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
  const { createServerApp } = (await import(pathToFileURL(SERVER_APP).href)) as ServerAppModule;
  const server = createServerApp(build, "production").listen(0, "127.0.0.1");
  await once(server, "listening");
  // The test process may end with the server still open: it holds no work of its own.
  server.unref();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(`${origin}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body, redirect: "manual" });
  };
  return Object.assign(handler, { origin, threads: build.entry.module as unknown as AppThreads });
}

/**
 * Stops the job timer a load with TALLY_BACKGROUND_JOBS=1 started: it is one per process
 * (app/jobs/background-jobs.server.ts), so a test clears it before loading another app and when it is done.
 */
export function stopBackgroundJobs(): void {
  clearInterval(globalThis.__tallyBackgroundJobs);
  globalThis.__tallyBackgroundJobs = undefined;
}
