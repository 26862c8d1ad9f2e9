// Processes for the benchmarks: the servers they start, the ports they take, and the CPU time they use.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { cpuSecondsOfStat } from "~/operations/thread-cpu";

export const ROOT = path.resolve(import.meta.dirname, "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Service {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Only what a child needs from this machine (as the tests' server-process.ts does); the rest is given explicitly. */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: "production" };
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export async function startService(name: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Service> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let stopping: Promise<void> | undefined;
  const service: Service = {
    name,
    child,
    output: () => output,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
  const deadline = Date.now() + 30_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await service.stop();
      throw new Error(`${name} did not start:\n${output}`);
    }
    await sleep(50);
  }
  return service;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * CPU time (user + system) a process has used so far, from /proc: unlike throughput and latency, it barely moves
 * when other work shares the machine, so CPU per delivery compares runs taken on a busy machine.
 */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    return (cpuSecondsOfStat(readFileSync(`/proc/${pid}/stat`, "utf8")) ?? Number.NaN) * 1000;
  } catch {
    return Number.NaN;
  }
}

/**
 * Each thread's CPU ms (tally_thread_cpu_seconds_total: main, settlement, checkpoint), summed over the servers at
 * `urls`, from their /metrics; an empty record where the servers show none (no /proc).
 */
export async function threadCpuMs(urls: string[], token: string): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const url of urls) {
    const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}: ${await response.text()}`);
    for (const match of (await response.text()).matchAll(/^tally_thread_cpu_seconds_total\{thread="([a-z]+)"\} (\S+)$/gm)) {
      const thread = match[1] as string;
      sums[thread] = (sums[thread] ?? 0) + Number(match[2]) * 1000;
    }
  }
  return sums;
}

/**
 * CPU time used so far by the PostgreSQL backends serving `database` (their process titles name it), from /proc:
 * the database's share of a run, beside the app's. Backends that ended are not counted, so read it while the
 * servers' pools are still open.
 */
export function postgresCpuMs(database: string): number {
  let total = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return Number.NaN;
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (title.startsWith("postgres:") && title.includes(` ${database} `)) total += cpuMsOf(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/**
 * Statements PostgreSQL has run in `database` so far, counted by pg_stat_statements (the bench's reader included);
 * NaN when the server does not load it (`shared_preload_libraries`), so a run without it prints "–". A count
 * read before and after a run gives its statements per delivery: on one connection each is a round trip.
 */
export async function postgresStatements(url: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const { rows } = await client.query<{ calls: string | null }>(
      "SELECT sum(calls) AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)",
      [database],
    );
    return Number(rows[0]?.calls ?? 0);
  } catch {
    return Number.NaN;
  } finally {
    await client.end().catch(() => undefined);
  }
}
