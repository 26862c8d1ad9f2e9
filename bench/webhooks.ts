// `npm run bench:webhooks`: signed orders/paid deliveries through the production server (server.mjs over the
// Remix build, TALLY_BACKGROUND_JOBS=1 as in production), side by side in the same run with a bare node:http
// endpoint that only verifies the HMAC (bench/hmac-ceiling.mjs, the ceiling), for SQLite and PostgreSQL.
// The load comes from a separate process (bench/load.mjs). It prints deliveries/s, p50/p99 time to response,
// errors, the ratio Tally/ceiling, how long the background worker then takes to drain the queue, and checks
// that the ledger got one PURCHASE transfer per order. Figures are printed, never asserted (docs/performance.md).
//
//   npm run bench:webhooks -- [--db sqlite|postgres|both] [--deliveries 5000] [--concurrency 32] [--warmup 500]
//     [--customers 1000] [--background-jobs 1|0] [--drain-timeout 300] [--cpu-prof DIR] [--build]
//     [--server-env NAME=VALUE …] (extra environment for the Tally server, for experiments)
import { spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { orderPayload } from "../test/fixtures/shopify-payloads";
import { webhookHmac } from "../test/support/shopify-requests";
import { buildIfStale } from "./build-app";
import { freshPostgres, freshSqlite, postgresReachable } from "./bench-databases";
import { baseEnv, cpuMsOf, freePort, ROOT, sleep, startService, type Service } from "./bench-services";

const SHOP = "bench.myshopify.com";
const SECRET = `bench-${randomBytes(8).toString("hex")}`;
const ROUTE = "/webhooks/orders/paid";

const { values: flags } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    deliveries: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "32" },
    warmup: { type: "string", default: "500" },
    customers: { type: "string", default: "1000" },
    "background-jobs": { type: "string", default: "1" },
    "drain-timeout": { type: "string", default: "300" },
    "cpu-prof": { type: "string" },
    build: { type: "boolean", default: false },
    "server-env": { type: "string", multiple: true, default: [] },
    "postgres-url": { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});

const DELIVERIES = Number(flags.deliveries);
const CONCURRENCY = Number(flags.concurrency);
const WARMUP = Number(flags.warmup);
const CUSTOMERS = Number(flags.customers);
const BACKGROUND_JOBS = flags["background-jobs"] !== "0";
const DRAIN_TIMEOUT_MS = Number(flags["drain-timeout"]) * 1000;
const SERVER_ENV: Record<string, string> = Object.fromEntries(
  (flags["server-env"] ?? []).map((pair) => {
    const at = pair.indexOf("=");
    if (at < 1) throw new Error(`--server-env takes NAME=VALUE, not ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);

type Kind = "sqlite" | "postgres";

interface LoadResult {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ok: number;
  errors: number;
  networkErrors: number;
  statuses: Record<string, number>;
  samples: string[];
}

interface Drain {
  backlogAtEnd: number;
  seconds: number | null;
  stillQueued: number;
  /** The server's CPU time while the backlog drained, per delivery drained: settling alone, no intake. */
  cpuMsPerSettled: number;
}

interface LedgerCheck {
  orders: number;
  purchaseTransfers: number;
  ordersWithPurchase: number;
  deliveries: Record<string, number>;
}

interface DatabaseRun {
  kind: Kind;
  ceiling: LoadResult & { cpuMsPerDelivery: number };
  tally: LoadResult & { cpuMsPerDelivery: number };
  drain: Drain | null;
  ledger: LedgerCheck;
}

// ---------------------------------------------------------------- processes

/** Runs the load and measures the server's CPU time while it ran. */
async function measureLoad(service: Service, url: string, file: string, from: number, count: number): Promise<LoadResult & { cpuMsPerDelivery: number }> {
  const before = cpuMsOf(service.child.pid);
  const result = await runLoad(url, file, from, count);
  return { ...result, cpuMsPerDelivery: (cpuMsOf(service.child.pid) - before) / result.count };
}

async function runLoad(url: string, file: string, from: number, count: number): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "bench/load.mjs"), "--url", url, "--file", file, "--from", String(from), "--count", String(count), "--concurrency", String(CONCURRENCY), "--shop", SHOP],
    { cwd: ROOT, env: baseEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`load generator failed (${code}):\n${stderr}`);
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as LoadResult;
}

// ---------------------------------------------------------------- deliveries

/** Warm-up and measured deliveries: unique order and webhook ids, customers spread over CUSTOMERS, signed now. */
function writeDeliveries(file: string, total: number): number {
  const base = 6_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10_000;
  const triggeredAt = new Date().toISOString();
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < total; i++) {
    const id = base + i;
    const body = JSON.stringify(orderPayload({ id, customer: { id: 7_000_000 + (i % CUSTOMERS) }, subtotal: `${50 + (i % 150)}.45` }));
    bytes += Buffer.byteLength(body);
    lines.push(JSON.stringify({ webhookId: randomUUID(), eventId: randomUUID(), triggeredAt, hmac: webhookHmac(body, SECRET), body }));
  }
  writeFileSync(file, lines.join("\n") + "\n");
  return bytes / total;
}

// ---------------------------------------------------------------- databases

interface BenchDatabase {
  kind: Kind;
  url: string;
  queued(): Promise<number>;
  ledger(): Promise<LedgerCheck>;
  destroy(): Promise<void>;
}

const LEDGER_SQL = {
  orders: `SELECT COUNT(*) AS n FROM orders WHERE shop = '${SHOP}'`,
  transfers: `SELECT COUNT(*) AS n, COUNT(DISTINCT order_id) AS orders FROM transfers WHERE shop = '${SHOP}' AND code = 'PURCHASE'`,
  deliveries: `SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status`,
  queued: `SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'queued'`,
};

async function createSqlite(): Promise<BenchDatabase> {
  const fresh = await freshSqlite(SHOP, ROOT);
  const { url } = fresh;
  const file = fresh.file as string;
  const probe = new Database(file, { readonly: true });
  probe.pragma("busy_timeout = 5000");
  const one = (sql: string) => probe.prepare(sql).get() as Record<string, number>;
  return {
    kind: "sqlite",
    url,
    queued: async () => Number(one(LEDGER_SQL.queued).n),
    async ledger() {
      const transfers = one(LEDGER_SQL.transfers);
      const rows = probe.prepare(LEDGER_SQL.deliveries).all() as { status: string; n: number }[];
      return {
        orders: Number(one(LEDGER_SQL.orders).n),
        purchaseTransfers: Number(transfers.n),
        ordersWithPurchase: Number(transfers.orders),
        deliveries: Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])),
      };
    },
    async destroy() {
      probe.close();
      await fresh.destroy();
    },
  };
}

async function createPostgres(adminUrl: string): Promise<BenchDatabase> {
  const fresh = await freshPostgres(adminUrl, SHOP, ROOT);
  const { url } = fresh;
  const probe = new pg.Pool({ connectionString: url, max: 1 });
  const one = async (sql: string) => (await probe.query<Record<string, string>>(sql)).rows[0] ?? {};
  return {
    kind: "postgres",
    url,
    queued: async () => Number((await one(LEDGER_SQL.queued)).n),
    async ledger() {
      const transfers = await one(LEDGER_SQL.transfers);
      const rows = (await probe.query<{ status: string; n: string }>(LEDGER_SQL.deliveries)).rows;
      return {
        orders: Number((await one(LEDGER_SQL.orders)).n),
        purchaseTransfers: Number(transfers.n),
        ordersWithPurchase: Number(transfers.orders),
        deliveries: Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])),
      };
    },
    async destroy() {
      await probe.end();
      await fresh.destroy();
    },
  };
}

// ---------------------------------------------------------------- the run

async function waitForDrain(database: BenchDatabase, timeoutMs: number, label: string, server?: Service): Promise<Drain> {
  const cpuBefore = cpuMsOf(server?.child.pid);
  const started = Date.now();
  const backlogAtEnd = await database.queued();
  let queued = backlogAtEnd;
  let reported = started;
  while (queued > 0 && Date.now() - started < timeoutMs) {
    await sleep(100);
    queued = await database.queued();
    if (Date.now() - reported >= 15_000) {
      reported = Date.now();
      console.log(`  ${label}: ${n0(queued)} deliveries still queued after ${((reported - started) / 1000).toFixed(0)} s`);
    }
  }
  const cpuMsPerSettled = (cpuMsOf(server?.child.pid) - cpuBefore) / Math.max(1, backlogAtEnd - queued);
  return { backlogAtEnd, seconds: queued === 0 ? (Date.now() - started) / 1000 : null, stillQueued: queued, cpuMsPerSettled };
}

async function benchDatabase(kind: Kind, file: string): Promise<DatabaseRun> {
  const database = kind === "sqlite" ? await createSqlite() : await createPostgres(flags["postgres-url"]);
  const services: Service[] = [];
  try {
    const [ceilingPort, tallyPort] = [await freePort(), await freePort()];
    services.push(await startService("HMAC ceiling", ["bench/hmac-ceiling.mjs", String(ceilingPort)], { WEBHOOK_SECRET: SECRET }, /listening/));
    const nodeArgs = flags["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(flags["cpu-prof"], kind)}`] : [];
    services.push(
      await startService(
        "Tally",
        [...nodeArgs, "server.mjs"],
        {
          NODE_ENV: "production",
          SHOPIFY_API_KEY: "bench-api-key",
          SHOPIFY_API_SECRET: SECRET,
          SHOPIFY_APP_URL: "https://tally.example.com",
          DATABASE_URL: database.url,
          PORT: String(tallyPort),
          TALLY_BACKGROUND_JOBS: BACKGROUND_JOBS ? "1" : "0",
          ...SERVER_ENV,
        },
        /Tally listening on http:\/\/localhost:\d+/,
      ),
    );
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}${ROUTE}`;
    const tallyUrl = `http://127.0.0.1:${tallyPort}${ROUTE}`;

    // Warm both up (JIT, connections, pools) and let the worker finish the warm-up's deliveries.
    if (WARMUP > 0) {
      await runLoad(ceilingUrl, file, 0, WARMUP);
      const warm = await runLoad(tallyUrl, file, 0, WARMUP);
      if (warm.errors > 0) throw new Error(`warm-up got ${warm.errors} non-2xx answers: ${warm.samples.join(" | ")}\n${services[1]?.output() ?? ""}`);
      if (BACKGROUND_JOBS) await waitForDrain(database, DRAIN_TIMEOUT_MS, `${kind} warm-up`);
    }

    const [ceilingService, tallyService] = services as [Service, Service];
    const ceiling = await measureLoad(ceilingService, ceilingUrl, file, WARMUP, DELIVERIES);
    const tally = await measureLoad(tallyService, tallyUrl, file, WARMUP, DELIVERIES);
    const drain = BACKGROUND_JOBS ? await waitForDrain(database, DRAIN_TIMEOUT_MS, kind, tallyService) : null;
    const ledger = await database.ledger();
    for (const service of services) await service.stop();
    const problems = services.flatMap((service) => (/error/i.test(service.output()) ? [`${service.name} output:\n${service.output().slice(0, 2000)}`] : []));
    if (problems.length > 0) console.log(problems.join("\n"));
    return { kind, ceiling, tally, drain, ledger };
  } finally {
    for (const service of services) await service.stop();
    await database.destroy();
  }
}

// ---------------------------------------------------------------- report

const n0 = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: string[]) => `| ${row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((width, column) => (column < 2 ? `:${"-".repeat(width + 1)}` : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join("\n");
}

function report(runs: DatabaseRun[]): void {
  const rows: string[][] = [["database", "endpoint", "deliveries", "conc.", "deliveries/s", "p50 ms", "p99 ms", "max ms", "non-2xx", "server CPU ms/delivery"]];
  for (const run of runs) {
    for (const [name, result] of [
      ["HMAC-only node:http (ceiling)", run.ceiling],
      ["Tally server.mjs", run.tally],
    ] as const) {
      rows.push([run.kind, name, n0(result.count), String(result.concurrency), n0(result.perSecond), ms(result.p50), ms(result.p99), ms(result.max), String(result.errors), result.cpuMsPerDelivery.toFixed(3)]);
    }
  }
  console.log(`\n${table(rows)}\n`);
  for (const run of runs) {
    const { ceiling, tally, drain, ledger } = run;
    console.log(`${run.kind}:`);
    console.log(`  Tally/ceiling throughput: ${(tally.perSecond / ceiling.perSecond).toFixed(3)} (${((100 * tally.perSecond) / ceiling.perSecond).toFixed(1)}% of the ceiling); p99 ${(tally.p99 / ceiling.p99).toFixed(1)}× the ceiling's`);
    console.log(`  server CPU per delivery during the load: Tally ${tally.cpuMsPerDelivery.toFixed(3)} ms, ceiling ${ceiling.cpuMsPerDelivery.toFixed(3)} ms (${(tally.cpuMsPerDelivery / ceiling.cpuMsPerDelivery).toFixed(1)}×; includes the worker's share)`);
    if (tally.errors > 0) console.log(`  Tally answered ${tally.errors} non-2xx: ${JSON.stringify(tally.statuses)} ${tally.samples.join(" | ")}`);
    if (drain) {
      // The warm-up's deliveries were drained before the load, so what is not queued at its end was worked during it.
      const worked = tally.count - drain.backlogAtEnd;
      const drained = drain.seconds === null ? `NOT drained after ${DRAIN_TIMEOUT_MS / 1000} s (${n0(drain.stillQueued)} still queued)` : `the rest drained in ${drain.seconds.toFixed(1)} s`;
      const rate = drain.seconds && drain.backlogAtEnd >= 100 ? ` (${n0(drain.backlogAtEnd / drain.seconds)}/s)` : "";
      console.log(`  worker: ${n0(worked)} deliveries worked during the load (${n0(worked / tally.seconds)}/s); ${n0(drain.backlogAtEnd)} queued at its end; ${drained}${rate}`);
      console.log(`  server CPU per delivery settled while the rest drained: ${drain.cpuMsPerSettled.toFixed(2)} ms`);
    } else {
      console.log("  queue: background jobs off (--background-jobs 0): deliveries stay queued");
    }
    const expected = WARMUP + DELIVERIES;
    const ok = ledger.orders === expected && ledger.purchaseTransfers === expected && ledger.ordersWithPurchase === expected;
    console.log(
      `  ledger: ${n0(ledger.purchaseTransfers)} PURCHASE transfers over ${n0(ledger.ordersWithPurchase)} orders for ${n0(expected)} orders sent (warm-up + measured); deliveries ${JSON.stringify(ledger.deliveries)} — ${ok ? "one per order ✓" : drain ? "MISMATCH ✗" : "not processed (worker off)"}`,
    );
    if (run.kind === "sqlite") {
      const met = tally.perSecond >= 1000 && tally.p99 < 50 && tally.errors === 0;
      console.log(`  target (≥1,000 deliveries/s, p99 < 50 ms, no errors): ${met ? "MET" : "MISSED"}`);
    }
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const wanted: Kind[] = flags.db === "both" ? ["sqlite", "postgres"] : flags.db === "sqlite" || flags.db === "postgres" ? [flags.db] : [];
  if (wanted.length === 0) throw new Error(`--db must be sqlite, postgres or both, not ${flags.db}`);
  const kinds: Kind[] = [];
  for (const kind of wanted) {
    if (kind === "postgres") {
      const problem = await postgresReachable(flags["postgres-url"]);
      if (problem) {
        console.log(`PostgreSQL is unreachable at ${flags["postgres-url"]} (${problem}): running SQLite only.`);
        continue;
      }
    }
    kinds.push(kind);
  }

  buildIfStale(flags.build);
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
  const cpus = os.cpus();
  console.log(
    `bench:webhooks ${new Date().toISOString()} commit ${commit}; Node ${process.version}; ${cpus.length} × ${cpus[0]?.model ?? "cpu"}; ` +
      `${n0(DELIVERIES)} deliveries after ${n0(WARMUP)} warm-up, concurrency ${CONCURRENCY}, ${n0(CUSTOMERS)} customers, background jobs ${BACKGROUND_JOBS ? "on" : "off"}` +
      (Object.keys(SERVER_ENV).length > 0 ? `; server env ${Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""),
  );

  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-bench-load-"));
  const file = path.join(dir, "deliveries.ndjson");
  try {
    const size = writeDeliveries(file, WARMUP + DELIVERIES);
    console.log(`orders/paid bodies ≈${n0(size)} bytes, pre-signed; load from a separate process (bench/load.mjs, keep-alive).`);
    const runs: DatabaseRun[] = [];
    for (const kind of kinds) {
      console.log(`${kind}: fresh database, migrate, register shop, start both servers, warm up, measure…`);
      runs.push(await benchDatabase(kind, file));
    }
    report(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
