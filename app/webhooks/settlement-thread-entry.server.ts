// The settlement thread's side (docs/decisions/052-settlement-beside-the-intake.md): settlement-thread.mjs loads
// the build in a worker thread and calls runSettlementThread (app/entry.server.tsx). settleOnThisThread opens the
// thread's own database connection and works the queue whenever the main thread says a delivery was stored, and
// once at start for whatever a previous process left.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { db } from "~/db/db.server";
import { shareWriteTurns } from "~/db/sqlite-connection.server";
import { log } from "~/operations/logger.server";
import { countWith } from "~/operations/thread-counts.server";
import { kickDeliveryWorker } from "./delivery-worker.server";
import { countInMainThread } from "./settlement-thread.server";

const CHECKPOINT_EVERY_MS = 60_000;
/**
 * How long the thread lets deliveries gather once one arrives while it is idle. Every transaction costs the same
 * whatever it settles (the claim, the shop's lock and rules, the commit's write of the WAL), so at a few hundred
 * deliveries a second, settling each as it arrives spent about a quarter of the thread on that; 20 ms more before
 * the points show lets one transaction settle what arrived meanwhile
 * (docs/decisions/054-settlement-in-gathered-batches.md).
 */
const GATHER_MS = 20;

export function settleOnThisThread(): void {
  const port = parentPort;
  if (isMainThread || !port) throw new Error("settleOnThisThread runs in the settlement thread that server.mjs starts (settlement-thread.mjs).");
  // The main thread's writes go first (sqlite-connection.server.ts, "write turns").
  shareWriteTurns((workerData as { writeTurns: SharedArrayBuffer }).writeTurns, "gives-way");
  countWith(countInMainThread);
  const database = db();
  port.on("message", () => kickDeliveryWorker(database, GATHER_MS));
  kickDeliveryWorker(database);
  // The main thread leaves copying SQLite's WAL into the database to this thread, which does it as its commits
  // pass the WAL's size (sqlite-connection.server.ts); when no delivery comes for a while, on this timer.
  if (database.kind === "sqlite") {
    setInterval(() => {
      database.sql.exec("PRAGMA wal_checkpoint(PASSIVE)").catch((error: unknown) => log().warn({ err: error }, "copying the WAL into the database failed; the next commit or minute tries again"));
    }, CHECKPOINT_EVERY_MS).unref();
  }
}
