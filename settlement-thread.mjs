// The settlement thread's entry (docs/decisions/052-settlement-beside-the-intake.md): server.mjs starts it as a
// worker thread; it loads the same build and works the webhook queue on its own database connection.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
build.entry.module.runSettlementThread();
