// The production HTTP server: Express serving the Remix build (`npm run build`), used by `npm start` and
// `npm run demo`. NODE_ENV is taken as given: the demo runs with development, a real install with production.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pino from "pino";
import { createServerApp } from "./server-app.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
const serverBuild = path.join(root, "build/server/index.js");

// Until the build has loaded there is no validated environment, hence no app logger: why the server cannot
// start goes to stderr as a line of the same shape (app/operations/logger.server.ts).
const startupLog = pino({ base: { service: "tally", pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: true }));

if (!existsSync(serverBuild)) {
  startupLog.fatal("There is no build at build/server/index.js: run `npm run build` first.");
  process.exit(1);
}

// Loading the build validates the environment (app/entry.server.tsx calls env()): a missing secret or
// TALLY_DEMO in production throws an EnvError naming it, and the server stops here, before it listens.
let build;
try {
  build = await import(pathToFileURL(serverBuild).href);
} catch (error) {
  if (error instanceof Error && error.name === "EnvError") startupLog.fatal(error.message);
  else startupLog.fatal({ err: error }, "Loading the build failed.");
  process.exit(1);
}

const app = createServerApp(build);
const log = build.entry.module.log();
// Settlement beside the intake, on a thread of its own, when the app works its own queue.
build.entry.module.startSettlementThread(new URL("./settlement-thread.mjs", import.meta.url));

// PORT was validated by env() when the build loaded.
const port = Number(process.env.PORT || 3000);
const server = app.listen(port, () => {
  log.info({ port }, `Tally listening on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
