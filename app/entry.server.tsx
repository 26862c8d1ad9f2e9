import { PassThrough } from "node:stream";
import { isMainThread } from "node:worker_threads";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { db } from "./db/db.server";
import { env } from "./env.server";
import { log } from "./operations/logger.server";
import { startBackgroundJobs } from "./jobs/background-jobs.server";
import { shopifyJobDependencies } from "./jobs/shopify-job-dependencies.server";
import { addDocumentResponseHeaders } from "./shopify.server";
import { settlementThreadRuns, tellThreadId } from "./webhooks/settlement-thread.server";
import { settleOnThisThread } from "./webhooks/settlement-thread-entry.server";
import { checkpointOnThisThread } from "./db/wal-checkpoints.server";

// Validate the environment when the server build loads, before the HTTP server listens: a missing secret or
// TALLY_DEMO in production stops the process with a message naming the problem (server.mjs prints it).
// Then start the job runner, which first finishes whatever a previous process left in the webhook queue. The
// settlement thread loads this build too (settlement-thread.mjs) and runs the jobs while it is up; the main
// thread's timer stands aside meanwhile (docs/decisions/053-background-jobs-beside-the-intake.md).
if (env().backgroundJobs && isMainThread) startBackgroundJobs(db(), shopifyJobDependencies, settlementThreadRuns);

export const streamTimeout = 5000;

// Thrown 4xx responses (unknown URL, bad input, the demo's 404 in production) are answers, not failures: log
// only real errors, and not the ones caused by a browser going away mid-request.
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  log().error({ err: error }, "a request failed");
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  // Crawlers get the whole document at once; browsers get the shell as soon as it is ready.
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        log().error({ err: error }, "rendering a page failed");
      },
    });
    // Let React flush rejected boundaries before the stream is cut.
    setTimeout(abort, streamTimeout + 1000);
  });
}

// The queued webhook topics, answered by server-app.mjs ahead of Express and Remix (app/webhooks/queued-webhook-routes.server.ts).
export { queuedWebhookIntake } from "./webhooks/queued-webhook-routes.server";

// Health, readiness and metrics, mounted by server.mjs ahead of everything else (docs/operations.md).
export { operationsRouter } from "./operations/operations-routes.server";
// The app's JSON log lines, which server.mjs writes through once the build has loaded.
export { log } from "./operations/logger.server";

// Request guards, mounted by server.mjs ahead of every route (docs/decisions/022-request-guards-ahead-of-routes.md).
export { bodyLimits } from "./http/body-limit-middleware.server";
export { adminOriginCheck } from "./http/admin-origin-middleware.server";

// Settlement and the background jobs on a thread of their own: server.mjs starts it, settlement-thread.mjs runs
// it (docs/decisions/052-settlement-beside-the-intake.md, 053-background-jobs-beside-the-intake.md).
export { startSettlementThread, stopSettlementThread } from "./webhooks/settlement-thread.server";
export function runSettlementThread(): void {
  tellThreadId();
  settleOnThisThread();
  startBackgroundJobs(db(), shopifyJobDependencies);
}
// Beside it on SQLite, the thread that copies the WAL into the database (app/db/wal-checkpoints.server.ts).
export function runCheckpointThread(): void {
  tellThreadId();
  checkpointOnThisThread();
}
