// The settlement thread's entry (docs/decisions/052-settlement-beside-the-intake.md): server.mjs starts it as a
// worker thread; it loads the same build and works the webhook queue on its own database connection. On SQLite
// the thread that copies the WAL into the database starts here too, with the role "checkpoint"
// (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
if (workerData?.thread === "checkpoint") build.entry.module.runCheckpointThread();
else build.entry.module.runSettlementThread();
