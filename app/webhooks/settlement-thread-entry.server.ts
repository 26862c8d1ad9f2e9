// The settlement thread's side (docs/decisions/052-settlement-beside-the-intake.md): settlement-thread.mjs loads
// the build in a worker thread and calls runSettlementThread (app/entry.server.tsx). settleOnThisThread opens the
// thread's own database connection and works the queue whenever the main thread says a delivery was stored, and
// once at start for whatever a previous process left.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { db } from "~/db/db.server";
import { shareWriteTurns } from "~/db/sqlite-connection.server";
import { countWith } from "~/operations/thread-counts.server";
import { kickDeliveryWorker } from "./delivery-worker.server";
import type { HandedRows, StoreAnswer } from "./handed-stores.server";
import { countInMainThread } from "./settlement-thread.server";

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
  const storeRows = database.deliveries.storeRows;
  port.on("message", (message: "kick" | HandedRows) => {
    if (message === "kick") return kickDeliveryWorker(database, GATHER_MS);
    // The intake's batch, stored between two of this thread's transactions (its connection's gate) and answered
    // once committed; then worked like any delivery that arrived.
    void storeRows?.(message.rows).then(
      (results) => {
        port.postMessage({ stored: message.store, results } satisfies StoreAnswer);
        kickDeliveryWorker(database, GATHER_MS);
      },
      (error: unknown) => port.postMessage({ stored: message.store, error: error instanceof Error ? error.message : String(error) } satisfies StoreAnswer),
    );
  });
  // SQLite only: the main thread's intake hands its batches over from now on.
  if (storeRows) port.postMessage({ ready: true });
  kickDeliveryWorker(database);
}
