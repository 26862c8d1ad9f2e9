// The HTTP application around the Remix build: the operators' probes and metrics, static assets, the queued webhook topics ahead of Remix
// (docs/decisions/011-webhook-intake-ahead-of-remix.md), then Remix for everything else. server.mjs listens with
// it; the tests serve the same composition (test/support/built-app.ts), so they drive what production runs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));

export function createServerApp(build, mode = process.env.NODE_ENV) {
  const app = express();
  app.disable("x-powered-by");

  // /healthz, /readyz and /metrics first: a probe answers whatever a guard or a page would do (docs/operations.md).
  app.use(build.entry.module.operationsRouter());

  // Guards ahead of everything that reads a request (docs/decisions/022-request-guards-ahead-of-routes.md): a body
  // over its path's limit is refused before it is buffered, and a change to the admin sent from another site is
  // refused before Remix runs the action.
  app.use(build.entry.module.bodyLimits());
  app.use(build.entry.module.adminOriginCheck());

  // The queued webhook topics before the static files: no file is served under their paths, and looking for one
  // (a stat of the disk for every delivery) cost the intake about 3% of its thread at 600 deliveries a second.
  app.use(build.entry.module.queuedWebhookRouter());
  // Vite fingerprints everything under /assets, so browsers may keep it forever.
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode }));
  return app;
}
