// What operators and their tools ask the app, served by server-app.mjs ahead of Remix and its request guards: a
// probe must answer even when rendering or a guard misbehaves, and costs no route matching.
//   GET /healthz  alive: the process answers. Always 200, with the queue's counts when the database gives them.
//   GET /readyz   ready for traffic: 200 when the database answers with every migration applied, 503 with why.
//   GET /metrics  Prometheus' text format, for a scraper holding TALLY_METRICS_TOKEN; 404 without one configured.
// /healthz and /readyz carry counts and migration names only, so they need no authentication. /metrics names no
// shop either, but tells how busy the app is: it is for the operator's scraper alone (docs/operations.md,
// docs/decisions/030-operators-see-the-queue.md).
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Response } from "express";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { queueHealth } from "~/webhooks/queue-health.server";
import { log } from "./logger.server";
import { scrapeMetrics } from "./metrics.server";
import { readiness } from "./readiness.server";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Whether the Authorization header carries the token, compared in constant time. */
export function holdsMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match !== null && timingSafeEqual(digest(match[1] ?? ""), digest(token));
}

function noStore(res: Response): Response {
  return res.set("Cache-Control", "no-store");
}

export function operationsRouter(): express.Router {
  const router = express.Router();

  router.get("/healthz", async (_req, res) => {
    let queue = null;
    try {
      queue = await queueHealth(db(), new Date());
    } catch (error) {
      // Alive all the same: a load balancer restarting the app would not bring the database back.
      log().warn({ err: error }, "healthz: the queue's counts could not be read");
    }
    noStore(res).json({ ok: true, queue });
  });

  router.get("/readyz", async (_req, res) => {
    const answer = await readiness(db);
    noStore(res).status(answer.ready ? 200 : 503).json(answer.ready ? { ready: true } : { ready: false, reason: answer.reason });
  });

  router.get("/metrics", async (req, res) => {
    const token = env().metricsToken;
    if (!token) return noStore(res).status(404).json({ error: "Metrics are off: set TALLY_METRICS_TOKEN and scrape with it as a bearer token (docs/operations.md)." });
    if (!holdsMetricsToken(req.headers.authorization, token)) {
      return noStore(res).status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').json({ error: "GET /metrics needs the header Authorization: Bearer <TALLY_METRICS_TOKEN>." });
    }
    try {
      const { contentType, body } = await scrapeMetrics(db());
      noStore(res).set("Content-Type", contentType).send(body);
    } catch (error) {
      log().error({ err: error }, "metrics: the scrape failed");
      noStore(res).status(503).json({ error: "The metrics could not be read from the database; see the log." });
    }
  });

  return router;
}
