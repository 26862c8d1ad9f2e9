// The HTTP application around the Remix build: the queued webhook topics first, ahead of Express and Remix
// (docs/decisions/011-webhook-intake-ahead-of-remix.md), then in Express the operators' probes and metrics, the
// request guards, static assets and Remix for everything else. server.mjs listens with it; the tests serve the same
// composition (test/support/built-app.ts), so they drive what production runs.
import { createServer } from "node:http";
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

  // Vite fingerprints everything under /assets, so browsers may keep it forever.
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode }));

  // A delivery of a queued topic is answered before Express sees it: it needs none of Express's middleware,
  // routing or response helpers, whose work for every delivery was a large share of the intake's CPU
  // (docs/performance.md). The intake applies its paths' body limit itself; the probes and the admin's origin
  // check concern other paths.
  const intake = build.entry.module.queuedWebhookIntake();
  const handle = (req, res) => {
    if (!intake(req, res)) app(req, res);
  };
  return { listen: (...args) => createServer(handle).listen(...args) };
}
