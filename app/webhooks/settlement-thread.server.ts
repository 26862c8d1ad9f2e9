// Settlement on a thread of its own beside the intake (docs/decisions/052-settlement-beside-the-intake.md). The
// main thread takes deliveries in and answers Shopify; a worker thread, with its own database connection, works
// the queue. Under a load that never ends the two then share the machine's cores instead of one event loop, where
// settling had to yield to the intake and fell ever further behind.
//
// The thread also runs the background jobs (docs/decisions/053-background-jobs-beside-the-intake.md). The main
// thread keeps the metrics (one registry, one /metrics): the thread posts what it settled and failed and which
// jobs ran and failed, and the main thread counts it. If the thread stops, kicks fall back to settling in the
// main thread, and the main thread's job timer runs the jobs, until it is started again.
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { db } from "~/db/db.server";
import { shareWriteTurns, writeTurnsBuffer } from "~/db/sqlite-connection.server";
import { env } from "~/env.server";
import { log } from "~/operations/logger.server";
import { countDeliveryFailed, countDeliverySettled, countJobFailure, countJobRun, countJobRunnerCompleted, countThreadExit, threadRuns, type THREADS } from "~/operations/metrics.server";
import { ownThreadId } from "~/operations/thread-cpu.server";
import type { ThreadCounts } from "~/operations/thread-counts.server";
import { handedStores, type HandedStores, type StoreAnswer } from "./handed-stores.server";

/**
 * What the thread tells the main thread: deliveries settled (with their commit time), attempts that failed, and
 * the jobs that ran and failed (one name per run or failure), and the job runner's runs that reached their end.
 */
export interface SettlementReport {
  settled: { topic: string; receivedAt: number; committedAt: number }[];
  failed: { topic: string; receivedAt: number }[];
  jobRuns: string[];
  jobFailures: string[];
  runnerCompleted: number;
}

/** What a kept thread posts first: its id, for its CPU in /metrics. */
interface ThreadIdMessage {
  threadId: number;
}

/** What the thread posts to the main thread. */
export type ThreadMessage = SettlementReport | StoreAnswer | { ready: true } | ThreadIdMessage;

const isThreadId = (message: unknown): message is ThreadIdMessage => typeof message === "object" && message !== null && "threadId" in message;

/** In a kept thread, as it starts: tells the main thread its id (where there is /proc to find it). */
export function tellThreadId(): void {
  const threadId = ownThreadId();
  if (threadId !== null) parentPort?.postMessage({ threadId } satisfies ThreadIdMessage);
}

/** A restart after the thread stopped on an error waits this long, so a thread that cannot start does not spin. */
const RESTART_MS = 1_000;

interface ThreadState {
  worker: Worker | null;
  /** On SQLite, the thread that copies the WAL into the database (app/db/wal-checkpoints.server.ts). */
  checkpoints: Worker | null;
  entry: URL;
  turns: SharedArrayBuffer;
  stopping: boolean;
  /** The intake's batches handed to the thread (SQLite). */
  stores: HandedStores;
}

declare global {
  var __tallySettlementThread: ThreadState | undefined;
}

function countReport(report: SettlementReport): void {
  for (const delivery of report.settled) countDeliverySettled({ topic: delivery.topic, receivedAt: new Date(delivery.receivedAt) }, new Date(delivery.committedAt));
  for (const delivery of report.failed) countDeliveryFailed({ topic: delivery.topic, receivedAt: new Date(delivery.receivedAt) });
  for (const job of report.jobRuns) countJobRun(job);
  for (const job of report.jobFailures) countJobFailure(job);
  if (report.runnerCompleted > 0) countJobRunnerCompleted(report.runnerCompleted);
}

/** A worker the main thread keeps running: started again RESTART_MS after it exits, until the threads are stopped. */
interface KeptWorker {
  name: string;
  /** Which thread it is: the entry's role (workerData.thread, settlement-thread.mjs) and its label in /metrics. */
  thread: (typeof THREADS)[number];
  /** What else the thread is given. */
  workerData: Record<string, unknown>;
  /** Logged when the worker stops on an error. */
  stoppedOnError: string;
  /** The worker running now, if any. */
  current(): Worker | null;
  /** A worker started (its messages are wired here), or the one running exited (null, with its exit code). */
  running(worker: Worker | null, exitCode?: number): void;
}

function keepRunning(state: ThreadState, kept: KeptWorker): void {
  const worker = new Worker(state.entry, { name: kept.name, workerData: { ...kept.workerData, thread: kept.thread } });
  kept.running(worker);
  worker.on("message", (message: unknown) => {
    if (isThreadId(message)) threadRuns(kept.thread, message.threadId);
  });
  worker.on("error", (error) => log().error({ err: error }, kept.stoppedOnError));
  worker.on("exit", (code) => {
    threadRuns(kept.thread, null);
    kept.running(null, code);
    if (state.stopping) return;
    countThreadExit(kept.thread);
    setTimeout(() => {
      if (!state.stopping && !kept.current()) keepRunning(state, kept);
    }, RESTART_MS).unref();
  });
  // A thread must not keep the process alive on its own: the HTTP server does.
  worker.unref();
}

function checkpointThread(state: ThreadState): KeptWorker {
  return {
    name: "tally checkpoints",
    thread: "checkpoint",
    workerData: {},
    stoppedOnError: "the checkpoint thread stopped on an error; it restarts in a second",
    current: () => state.checkpoints,
    running: (worker) => {
      state.checkpoints = worker;
    },
  };
}

function settlementThread(state: ThreadState): KeptWorker {
  return {
    name: "tally settlement",
    thread: "settlement",
    workerData: { writeTurns: state.turns },
    stoppedOnError: "the settlement thread stopped on an error; the main thread settles until it restarts",
    current: () => state.worker,
    running: (worker, exitCode) => {
      state.worker = worker;
      if (worker) {
        worker.on("message", (message: ThreadMessage) => {
          if (isThreadId(message)) return;
          if ("stored" in message) return state.stores.answer(message);
          if (!("ready" in message)) return countReport(message);
          state.stores.takes(true);
          log().info("the settlement thread stores the intake's deliveries on its connection");
        });
        return;
      }
      state.stores.refuseAll();
      if (!state.stopping) log().warn({ code: exitCode }, "the settlement thread exited; it restarts in a second");
    },
  };
}

/**
 * Starts the settlement thread from `entry` (settlement-thread.mjs beside server.mjs, which loads the build and
 * calls runSettlementThread), when the app works its own queue (TALLY_BACKGROUND_JOBS) and TALLY_SETTLEMENT_THREAD
 * is not off. Once per process.
 */
export function startSettlementThread(entry: URL): boolean {
  if (!isMainThread || globalThis.__tallySettlementThread) return false;
  if (!env().backgroundJobs || !env().settlementThread) return false;
  const state: ThreadState = { worker: null, checkpoints: null, entry, turns: writeTurnsBuffer(), stopping: false, stores: handedStores(() => state.worker) };
  globalThis.__tallySettlementThread = state;
  shareWriteTurns(state.turns, "asks");
  const database = db();
  database.deliveries.storeThrough?.(state.stores.writer);
  if (database.kind === "sqlite") keepRunning(state, checkpointThread(state));
  keepRunning(state, settlementThread(state));
  return true;
}

/** Stops the thread; deliveries it had claimed and not committed are taken again when their lease ends. */
export async function stopSettlementThread(): Promise<void> {
  const state = globalThis.__tallySettlementThread;
  if (!state) return;
  state.stopping = true;
  globalThis.__tallySettlementThread = undefined;
  db().deliveries.storeThrough?.(null);
  await Promise.all([state.worker?.terminate(), state.checkpoints?.terminate()]);
  state.stores.refuseAll();
}

/** Whether a settlement thread is up in this process (started, and not exited or waiting to restart). */
export function settlementThreadRuns(): boolean {
  return Boolean(globalThis.__tallySettlementThread?.worker);
}

/** Asks the thread to work the queue; false when no thread runs, and the caller settles in this thread. */
export function kickSettlementThread(): boolean {
  const worker = globalThis.__tallySettlementThread?.worker;
  if (!worker) return false;
  worker.postMessage("kick");
  return true;
}

let pending: SettlementReport | null = null;

/** In the settlement thread: the report being filled, sent to the main thread once per turn of the loop. */
function report(): SettlementReport {
  if (!pending) {
    pending = { settled: [], failed: [], jobRuns: [], jobFailures: [], runnerCompleted: 0 };
    setImmediate(() => {
      const filled = pending;
      pending = null;
      if (filled) parentPort?.postMessage(filled);
    });
  }
  return pending;
}

/** In the settlement thread: its counts, sent to the main thread's metrics. */
export const countInMainThread: ThreadCounts = {
  deliverySettled: (delivery, committedAt) => report().settled.push({ topic: delivery.topic, receivedAt: delivery.receivedAt.getTime(), committedAt: committedAt.getTime() }),
  deliveryFailed: (delivery) => report().failed.push({ topic: delivery.topic, receivedAt: delivery.receivedAt.getTime() }),
  jobRun: (job) => report().jobRuns.push(job),
  jobFailure: (job) => report().jobFailures.push(job),
  jobRunnerCompleted: () => void (report().runnerCompleted += 1),
};
