// The main thread's side of the intake's hand-off (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md):
// on SQLite the intake hands each batch of deliveries to the settlement thread, which stores it on its own
// connection between two of its transactions and answers once the batch has committed. Shopify gets its 200 only
// after that answer. A batch the thread cannot take, or never answers because it stopped, is refused here, and the
// intake stores it on its own connection (app/queue/delivery-intake-store.server.ts).
import type { Worker } from "node:worker_threads";
import { countHandedStore } from "~/db/sqlite-connection.server";
import type { IntakeRow, IntakeWriter } from "~/queue/delivery-intake-store.server";
import { log } from "~/operations/logger.server";
import { countDeliveriesStoredByThread } from "~/operations/metrics.server";

/** A batch the intake hands to the thread to store. */
export interface HandedRows {
  store: number;
  rows: IntakeRow[];
}

/** The thread's answer to HandedRows: for each row whether it was stored, or why none was. */
export interface StoreAnswer {
  stored: number;
  results?: boolean[];
  error?: string;
}

export interface HandedStores {
  /** The intake's writer: refuses at once unless the thread runs and has said it takes batches. */
  writer: IntakeWriter;
  /** The thread said it takes batches (its connection is open), or it stopped (false). */
  takes(ready: boolean): void;
  answer(answer: StoreAnswer): void;
  /** The thread stopped: every batch it was handed and has not answered is refused. */
  refuseAll(): void;
}

export function handedStores(worker: () => Worker | null): HandedStores {
  const waiting = new Map<number, { resolve(results: boolean[]): void; reject(error: Error): void }>();
  let last = 0;
  let ready = false;

  function answer(answered: StoreAnswer, stopped = false): void {
    const batch = waiting.get(answered.stored);
    if (!batch) return;
    waiting.delete(answered.stored);
    countHandedStore(-1);
    if (answered.results) {
      countDeliveriesStoredByThread(answered.results.filter(Boolean).length);
      batch.resolve(answered.results);
    } else {
      // A thread that stopped has said so already (settlement-thread.server.ts); a failed store is told here.
      if (!stopped) log().warn({ error: answered.error }, "the settlement thread could not store a batch of deliveries; the intake stores it on its own connection");
      batch.reject(new Error(answered.error ?? "the settlement thread did not store the deliveries"));
    }
  }

  return {
    writer: (rows) =>
      new Promise((resolve, reject) => {
        const thread = worker();
        if (!thread || !ready) return reject(new Error("no settlement thread takes deliveries now"));
        const store = ++last;
        waiting.set(store, { resolve, reject });
        // Read by the thread between two deliveries: it ends its transaction early, as for a waiting write.
        countHandedStore(1);
        thread.postMessage({ store, rows } satisfies HandedRows);
      }),
    takes: (takes) => {
      ready = takes;
    },
    answer,
    refuseAll() {
      ready = false;
      for (const store of [...waiting.keys()]) answer({ stored: store, error: "the settlement thread stopped before it stored the deliveries" }, true);
    },
  };
}
