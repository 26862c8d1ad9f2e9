// A settlement thread that exits as a real one could, with work in hand: it tells the main thread it takes the
// intake's batches, then exits at the first message it is sent (a batch to store on SQLite, a kick to work the
// queue on PostgreSQL), answering nothing. The main thread starts it again a second later, and it does the same.
// Started as the checkpoint thread, it stays up and does nothing.
import { parentPort, workerData } from "node:worker_threads";

if (workerData?.thread === "checkpoint") {
  setInterval(() => undefined, 60_000);
} else {
  parentPort?.postMessage({ ready: true });
  parentPort?.once("message", () => process.exit(3));
}
