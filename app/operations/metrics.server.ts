// What /metrics exposes, in Prometheus' text format (prom-client). Counters and the latency histogram count what
// this process did since it started (Prometheus sums them over instances); the queue's gauges are read from the
// database at scrape time, so every instance reports the same, whole queue. Labels are topics and job names,
// never shops: the metrics name no merchant and their number of series stays fixed. docs/operations.md says what
// each one means; docs/decisions/030-operators-see-the-queue.md why.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { TallyDatabase } from "~/db/database.server";
import { WEBHOOK_TOPICS } from "~/queue/delivery";
import { queueHealth } from "~/webhooks/queue-health.server";
import { ownThreadId, threadCpuSeconds } from "./thread-cpu.server";

/** The threads the main thread keeps running beside it (app/webhooks/settlement-thread.server.ts). */
export const THREADS = ["settlement", "checkpoint"] as const;

/** The threads whose CPU /metrics shows: the main one (HTTP: the intake, the admin, the storefront) and those beside it. */
export type CpuThread = "main" | (typeof THREADS)[number];

export interface MetricsDelivery {
  topic: string;
  receivedAt: Date;
}

function createMetrics(): ReturnType<typeof registerMetrics> {
  const created = registerMetrics();
  // Every topic's series exists from the first scrape, at 0, so a rate over it is defined before its first delivery.
  for (const topic of WEBHOOK_TOPICS) {
    for (const counter of [created.received, created.stored, created.settled, created.failed]) counter.inc({ topic }, 0);
    created.latency.zero({ topic });
  }
  for (const thread of THREADS) created.threadExits.inc({ thread }, 0);
  return created;
}

function registerMetrics() {
  // A registry of its own, not prom-client's global one: each load of the app's modules (a test loads the build
  // once per database) keeps its own counters.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const topic = ["topic"] as const;
  const job = ["job"] as const;
  return {
    registry,
    received: new Counter({ name: "tally_webhook_deliveries_received_total", help: "Webhook deliveries of the queued topics that reached this instance, before any check.", labelNames: topic, registers: [registry] }),
    stored: new Counter({ name: "tally_webhook_deliveries_stored_total", help: "Deliveries stored in the queue (not a redelivery, a refused request or a shop that is not installed).", labelNames: topic, registers: [registry] }),
    handed: new Counter({
      name: "tally_webhook_deliveries_stored_by_settlement_thread_total",
      help: "Of the deliveries stored, those the intake handed to the settlement thread to store on its connection (SQLite with the thread on).",
      registers: [registry],
    }),
    settled: new Counter({ name: "tally_webhook_deliveries_settled_total", help: "Deliveries whose work this instance committed (their points are in the ledger).", labelNames: topic, registers: [registry] }),
    failed: new Counter({ name: "tally_webhook_delivery_failures_total", help: "Attempts at a delivery's work that failed on this instance; each is retried with backoff until it fails for good.", labelNames: topic, registers: [registry] }),
    latency: new Histogram({
      name: "tally_delivery_to_points_seconds",
      help: "From a delivery's receipt to its work committing: how long a shopper waited for the points.",
      labelNames: topic,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    }),
    queueDepth: new Gauge({ name: "tally_webhook_queue_depth", help: "Deliveries waiting in the queue, on every instance (read from the database at scrape time).", registers: [registry] }),
    oldestQueued: new Gauge({
      name: "tally_webhook_queue_oldest_age_seconds",
      help: "Seconds since the oldest waiting delivery was received; 0 when none waits (read from the database at scrape time).",
      registers: [registry],
    }),
    failedForGood: new Gauge({
      name: "tally_webhook_deliveries_failed_for_good",
      help: "Deliveries that failed every attempt and wait for a staff member's retry (read from the database at scrape time).",
      registers: [registry],
    }),
    jobRuns: new Counter({ name: "tally_job_runs_total", help: "Runs of each background job on this instance.", labelNames: job, registers: [registry] }),
    jobFailures: new Counter({ name: "tally_job_failures_total", help: "Failures of each background job on this instance: the job as a whole, or one shop or item it skipped.", labelNames: job, registers: [registry] }),
    runsCompleted: new Counter({
      name: "tally_job_runner_runs_completed_total",
      help: "Runs of the job runner that reached their end on this instance: every job had its turn, whether it failed or not.",
      registers: [registry],
    }),
    threadCpu: threadCpuCounter(registry),
    threadExits: new Counter({
      name: "tally_thread_exits_total",
      help: "Times a thread of this instance (settlement, checkpoint) exited while the app ran; each is started again a second later.",
      labelNames: ["thread"] as const,
      registers: [registry],
    }),
  };
}

/** Each running thread's id (the main thread's from the start), for reading its CPU at scrape time. */
const threadIds = new Map<CpuThread, number>();

/**
 * CPU seconds of each thread, read from /proc at scrape time. A thread's id changes when it is started again, and
 * the new thread counts on from what the old one had reached at the last scrape before it exited.
 */
function threadCpuCounter(registry: Registry) {
  const main = ownThreadId();
  if (main !== null) threadIds.set("main", main);
  const read = new Map<CpuThread, { tid: number; seconds: number }>();
  return new Counter({
    name: "tally_thread_cpu_seconds_total",
    help: "CPU time (user and system) of each thread of this instance: main (HTTP, the intake), settlement (on SQLite also the intake's stores; the background jobs), checkpoint (SQLite). Linux only.",
    labelNames: ["thread"] as const,
    registers: [registry],
    collect() {
      for (const [thread, tid] of threadIds) {
        const seconds = threadCpuSeconds(tid);
        if (seconds === null) continue;
        const last = read.get(thread);
        const from = last?.tid === tid ? last.seconds : 0;
        this.inc({ thread }, Math.max(0, seconds - from));
        read.set(thread, { tid, seconds });
      }
    },
  });
}

/** A kept thread started (its id, for its CPU) or exited (null). */
export function threadRuns(thread: (typeof THREADS)[number], tid: number | null): void {
  if (tid === null) threadIds.delete(thread);
  else threadIds.set(thread, tid);
}

type Metrics = ReturnType<typeof createMetrics>;
let current: Metrics | undefined;

function metrics(): Metrics {
  current ??= createMetrics();
  return current;
}

/** A request reached one of the queued topics' routes. */
export function countDeliveryReceived(topic: string): void {
  metrics().received.inc({ topic });
}

/** The request was stored as a new delivery in the queue. */
export function countDeliveryStored(topic: string): void {
  metrics().stored.inc({ topic });
}

/** The settlement thread stored `count` new deliveries of a batch the intake handed it. */
export function countDeliveriesStoredByThread(count: number): void {
  metrics().handed.inc(count);
}

/** A delivery's work committed: counted, and its wait since receipt observed. */
export function countDeliverySettled(delivery: MetricsDelivery, committedAt: Date = new Date()): void {
  const { settled, latency } = metrics();
  settled.inc({ topic: delivery.topic });
  latency.observe({ topic: delivery.topic }, Math.max(0, committedAt.getTime() - delivery.receivedAt.getTime()) / 1000);
}

/** An attempt at a delivery's work failed (it is retried, or kept as failed for good after its last attempt). */
export function countDeliveryFailed(delivery: MetricsDelivery): void {
  metrics().failed.inc({ topic: delivery.topic });
}

export function countJobRun(job: string): void {
  metrics().jobRuns.inc({ job });
}

export function countJobFailure(job: string): void {
  metrics().jobFailures.inc({ job });
}

/** The job runner reached the end of `runs` runs: a runner stuck in a job shows as this count standing still. */
export function countJobRunnerCompleted(runs = 1): void {
  metrics().runsCompleted.inc(runs);
}

/** A kept thread exited while the app ran (not when it was stopped): it restarts, and the exits show a thread that cannot stay up. */
export function countThreadExit(thread: (typeof THREADS)[number]): void {
  metrics().threadExits.inc({ thread });
}

/** The metrics in Prometheus' text format, and its content type; the queue's gauges are read from `db` now. */
export async function scrapeMetrics(db: TallyDatabase): Promise<{ contentType: string; body: string }> {
  const { registry, queueDepth, oldestQueued, failedForGood } = metrics();
  const queue = await queueHealth(db, new Date());
  queueDepth.set(queue.queued);
  oldestQueued.set(queue.oldestQueuedSeconds ?? 0);
  failedForGood.set(queue.failed);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
