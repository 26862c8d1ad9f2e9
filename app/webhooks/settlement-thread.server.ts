// Settlement on a thread of its own beside the intake (docs/decisions/052-settlement-beside-the-intake.md). The
// main thread takes deliveries in and answers Shopify; a worker thread, with its own database connection, works
// the queue. Under a load that never ends the two then share the machine's cores instead of one event loop, where
// settling had to yield to the intake and fell ever further behind.
//
// The main thread keeps the metrics (one registry, one /metrics): the thread posts what it settled and failed,
// and the main thread counts it. If the thread stops, kicks fall back to settling in the main thread until it is
// started again.
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { shareWriteTurns, writeTurnsBuffer } from "~/db/sqlite-connection.server";
import { env } from "~/env.server";
import { log } from "~/operations/logger.server";
import { countDeliveryFailed, countDeliverySettled } from "~/operations/metrics.server";

/** What the thread tells the main thread: deliveries settled (with their commit time) and attempts that failed. */
export interface SettlementReport {
  settled: { topic: string; receivedAt: number; committedAt: number }[];
  failed: { topic: string; receivedAt: number }[];
}

/** A restart after the thread stopped on an error waits this long, so a thread that cannot start does not spin. */
const RESTART_MS = 1_000;

declare global {
  var __tallySettlementThread: { worker: Worker | null; entry: URL; turns: SharedArrayBuffer; stopping: boolean } | undefined;
}

function countReport(report: SettlementReport): void {
  for (const delivery of report.settled) countDeliverySettled({ topic: delivery.topic, receivedAt: new Date(delivery.receivedAt) }, new Date(delivery.committedAt));
  for (const delivery of report.failed) countDeliveryFailed({ topic: delivery.topic, receivedAt: new Date(delivery.receivedAt) });
}

function spawnThread(state: NonNullable<typeof globalThis.__tallySettlementThread>): void {
  const worker = new Worker(state.entry, { name: "tally settlement", workerData: { thread: "settlement", writeTurns: state.turns } });
  state.worker = worker;
  worker.on("message", (report: SettlementReport) => countReport(report));
  worker.on("error", (error) => log().error({ err: error }, "the settlement thread stopped on an error; the main thread settles until it restarts"));
  worker.on("exit", (code) => {
    state.worker = null;
    if (state.stopping) return;
    log().warn({ code }, "the settlement thread exited; it restarts in a second");
    setTimeout(() => {
      if (!state.stopping && !state.worker) spawnThread(state);
    }, RESTART_MS).unref();
  });
  // The thread must not keep the process alive on its own: the HTTP server does.
  worker.unref();
}

/**
 * Starts the settlement thread from `entry` (settlement-thread.mjs beside server.mjs, which loads the build and
 * calls runSettlementThread), when the app works its own queue (TALLY_BACKGROUND_JOBS) and TALLY_SETTLEMENT_THREAD
 * is not off. Once per process.
 */
export function startSettlementThread(entry: URL): boolean {
  if (!isMainThread || globalThis.__tallySettlementThread) return false;
  if (!env().backgroundJobs || !env().settlementThread) return false;
  const state = { worker: null, entry, turns: writeTurnsBuffer(), stopping: false };
  globalThis.__tallySettlementThread = state;
  shareWriteTurns(state.turns, "asks");
  spawnThread(state);
  return true;
}

/** Stops the thread; deliveries it had claimed and not committed are taken again when their lease ends. */
export async function stopSettlementThread(): Promise<void> {
  const state = globalThis.__tallySettlementThread;
  if (!state) return;
  state.stopping = true;
  globalThis.__tallySettlementThread = undefined;
  await state.worker?.terminate();
}

/** Asks the thread to work the queue; false when no thread runs, and the caller settles in this thread. */
export function kickSettlementThread(): boolean {
  const worker = globalThis.__tallySettlementThread?.worker;
  if (!worker) return false;
  worker.postMessage("kick");
  return true;
}

let pending: SettlementReport | null = null;

/** In the settlement thread: queues a report for the main thread, sent once per turn of the loop. */
export function postSettlementReport(kind: "settled" | "failed", delivery: { topic: string; receivedAt: Date }, committedAt = new Date()): void {
  if (!pending) {
    pending = { settled: [], failed: [] };
    setImmediate(() => {
      const report = pending;
      pending = null;
      if (report) parentPort?.postMessage(report);
    });
  }
  if (kind === "settled") pending.settled.push({ topic: delivery.topic, receivedAt: delivery.receivedAt.getTime(), committedAt: committedAt.getTime() });
  else pending.failed.push({ topic: delivery.topic, receivedAt: delivery.receivedAt.getTime() });
}
