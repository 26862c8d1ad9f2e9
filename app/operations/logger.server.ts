// The app's log: one JSON object per line (pino), for whatever collects the process's output. A line says what
// happened and names the shop and the delivery, job or item it concerns, never the customer: no emails, names,
// addresses or webhook payloads are ever passed in (docs/privacy.md), and the keys that would hold them are
// censored should one slip through. Errors carry their type, message and stack only, not their other
// properties, where a library may have put the values it refused.
//
// Lines at error and above go to stderr, through console.error: that is where `npm run jobs` says a job failed,
// and where the test suite's guard (test/support/fail-on-console-error.ts) catches an error no test expected.
// Everything else goes to stdout, synchronously, so a line written just before process.exit is not lost.
import { isMainThread, workerData } from "node:worker_threads";
import pino from "pino";
import { env } from "~/env.server";

/** Keys that hold personal data in Shopify's payloads; censored wherever they appear in a line. */
const PERSONAL_KEYS = ["email", "first_name", "last_name", "name", "phone", "address", "addresses", "billing_address", "shipping_address", "default_address", "customer", "payload", "note"];

function errorFields(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  return { type: error.name, message: error.message, stack: error.stack };
}

const stderrLines = {
  write(line: string) {
    console.error(line.trimEnd());
  },
};

function createLogger() {
  return pino(
    {
      level: env().logLevel,
      // A line from the settlement thread says so (app/webhooks/settlement-thread.server.ts).
      base: { service: "tally", pid: process.pid, ...(isMainThread ? {} : { thread: (workerData as { thread?: string } | null)?.thread ?? "worker" }) },
      redact: { paths: [...PERSONAL_KEYS, ...PERSONAL_KEYS.map((key) => `*.${key}`)], censor: "[redacted]" },
      serializers: { err: errorFields },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(
      [
        { level: "trace", stream: pino.destination({ dest: 1, sync: true }) },
        { level: "error", stream: stderrLines },
      ],
      { dedupe: true },
    ),
  );
}

export type Logger = pino.Logger;

let current: Logger | undefined;

/** The process's logger, made on first use from the validated environment. */
export function log(): Logger {
  current ??= createLogger();
  return current;
}
