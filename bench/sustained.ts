// `npm run bench:sustained`: a realistic mix of signed webhooks offered at a fixed rate for a fixed time, from a
// separate process (bench/open-loop.mjs), to the production server (server.mjs over the Remix build,
// TALLY_BACKGROUND_JOBS=1) — or to N of them on one PostgreSQL database, in turn as a load balancer would — while a
// reader polls the balances. Per second and in total it prints what was offered, answered, settled and queued,
// how long each delivery took to show on its customer's balance, and the servers' CPU; at the end the ledger
// check and every customer's balance against the bench's own model (bench/sustained-mix.ts). Figures are printed,
// never asserted (docs/performance.md, "Sustained webhooks").
//
//   npm run bench:sustained -- [--db sqlite|postgres|both] [--rate 2000] [--duration 60] [--instances 1|1,2,3]
//     [--shops 1] [--customers N] [--spacing N] [--seed 1] [--poll-ms 200] [--drain-timeout 300] [--build]
//     [--server-env NAME=VALUE …]
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { defaultProgramRules, parseProgramRules } from "~/loyalty/program/program-rules";
import { webhookHmac } from "../test/support/shopify-requests";
import { buildIfStale } from "./build-app";
import { freshPostgres, freshSqlite, postgresReachable, registerShop, type FreshDatabase } from "./bench-databases";
import { baseEnv, cpuMsOf, freePort, postgresCpuMs, postgresStatements, ROOT, sleep, startService, threadCpuMs, type Service } from "./bench-services";
import { PointsLatency } from "./points-latency";
import { SustainedMix, type MixDelivery } from "./sustained-mix";
import { openReader, type SustainedReader } from "./sustained-reader";

const SHOP = "bench.myshopify.com";
const SECRET = `bench-${randomBytes(8).toString("hex")}`;

const { values: flags } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    rate: { type: "string", default: "2000" },
    duration: { type: "string", default: "60" },
    instances: { type: "string", default: "1" },
    shops: { type: "string", default: "1" },
    customers: { type: "string" },
    spacing: { type: "string" },
    seed: { type: "string", default: "1" },
    "poll-ms": { type: "string", default: "200" },
    "drain-timeout": { type: "string", default: "300" },
    build: { type: "boolean", default: false },
    "server-env": { type: "string", multiple: true, default: [] },
    "postgres-url": { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});

const RATE = Number(flags.rate);
const DURATION = Number(flags.duration);
const OFFERED = Math.round(RATE * DURATION);
// Several shops on one deployment: each its own mix (seed, customers, model) at an equal share of the rate, sent by
// a sender of its own. One shop keeps the name and seed the single-shop figures were measured with.
const SHOPS = Number(flags.shops);
const SHOP_NAMES = SHOPS === 1 ? [SHOP] : Array.from({ length: SHOPS }, (_, i) => `bench-${i + 1}.myshopify.com`);
const SHOP_RATE = RATE / SHOPS;
const SHOP_OFFERED = Math.round(OFFERED / SHOPS);
// Two seconds of a shop's deliveries between two events of one customer (at least 200, at most 4,000): more than
// the queue's claims and a busy server's intake reorder them (bench/sustained-mix.ts says why it matters; a
// mismatch says whether its deliveries were received or applied out of the mix's order).
const SPACING = Number(flags.spacing ?? Math.min(4000, Math.max(200, Math.round(SHOP_RATE * 2))));
const CUSTOMERS = Number(flags.customers ?? Math.max(SPACING * 4, Math.round(SHOP_OFFERED / 8)));
const SEED = Number(flags.seed);
const POLL_MS = Number(flags["poll-ms"]);
const DRAIN_TIMEOUT_MS = Number(flags["drain-timeout"]) * 1000;
const INSTANCES = (flags.instances ?? "1").split(",").map(Number);
const SERVER_ENV: Record<string, string> = Object.fromEntries(
  (flags["server-env"] ?? []).map((pair) => {
    const at = pair.indexOf("=");
    if (at < 1) throw new Error(`--server-env takes NAME=VALUE, not ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
// The servers work their own queue: with the jobs off nothing would settle what they store (cron is meant to), and
// the run would wait for a queue that never empties.
if ((SERVER_ENV.TALLY_BACKGROUND_JOBS ?? "1") !== "1") {
  throw new Error(`--server-env TALLY_BACKGROUND_JOBS=${SERVER_ENV.TALLY_BACKGROUND_JOBS}: the bench's servers must work their own queue; leave it out`);
}
/**
 * The balances' polls: every balance once every FULL_READ_EVERY seconds, and in between those written since the
 * latest write seen, less LOOKBACK_MS. A write stamped earlier than that and committed later (a long transaction
 * on another instance) shows at the next full reading: its latency is then overstated, never understated.
 */
const FULL_READ_EVERY = 5;
const LOOKBACK_MS = 2_000;
/** What the bench's servers require of a /metrics scrape (the threads' CPU). */
const METRICS_TOKEN = randomBytes(16).toString("hex");

type Kind = "sqlite" | "postgres";

// ---------------------------------------------------------------- figures

const n0 = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–");
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : value < 1000 ? 1 : 0) : "–");

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

const sortedOf = (values: number[]) => Float64Array.from(values).sort();

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => `${"-".repeat(width + 1)}:`).join("|")}|`;
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join("\n");
}

// ---------------------------------------------------------------- processes

async function startServers(database: FreshDatabase, count: number): Promise<{ services: Service[]; urls: string[] }> {
  const services: Service[] = [];
  const urls: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      services.push(
        await startService(
          `Tally ${i + 1}`,
          ["server.mjs"],
          {
            NODE_ENV: "production",
            SHOPIFY_API_KEY: "bench-api-key",
            SHOPIFY_API_SECRET: SECRET,
            SHOPIFY_APP_URL: "https://tally.example.com",
            DATABASE_URL: database.url,
            PORT: String(port),
            TALLY_BACKGROUND_JOBS: "1",
            TALLY_METRICS_TOKEN: METRICS_TOKEN,
            ...SERVER_ENV,
          },
          /Tally listening on http:\/\/localhost:\d+/,
        ),
      );
      urls.push(`http://127.0.0.1:${port}`);
    }
  } catch (error) {
    for (const service of services) await service.stop();
    throw error;
  }
  return { services, urls };
}

interface Answer {
  index: number;
  at: number;
  status: number;
  ms: number;
}

/** Runs bench/open-loop.mjs over [from, from+count) of the file; `onProgress` gets each 250 ms report. */
async function offer(
  shop: string,
  file: string,
  urls: string[],
  from: number,
  count: number,
  rate: number,
  onProgress: (sent: number, answers: Answer[]) => void,
  onStart: (startAt: number) => void = () => undefined,
): Promise<{ startedAt: number; cpuMs: number }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "bench/open-loop.mjs"), "--file", file, "--servers", urls.join(","), "--from", String(from), "--count", String(count), "--rate", String(rate), "--shop", shop],
    { cwd: ROOT, env: baseEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let startedAt = Number.NaN;
  let cpuMs = Number.NaN;
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    const message = JSON.parse(line) as { start?: number; sent?: number; answers?: number[]; done?: boolean; startedAt?: number; cpuMs?: number };
    if (message.start !== undefined) {
      onStart(message.start);
      return;
    }
    if (message.done) {
      startedAt = message.startedAt ?? Number.NaN;
      cpuMs = message.cpuMs ?? Number.NaN;
      return;
    }
    const answers: Answer[] = [];
    const flat = message.answers ?? [];
    for (let i = 0; i + 3 < flat.length; i += 4) answers.push({ index: from + (flat[i] as number), at: flat[i + 1] as number, status: flat[i + 2] as number, ms: flat[i + 3] as number });
    onProgress(message.sent ?? 0, answers);
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`the open-loop sender failed (${code}):\n${stderr}`);
  // Requests that got no answer, each with its error (bench/open-loop.mjs).
  for (const line of stderr.split("\n").filter((text) => text.trim() !== "")) console.log(`  sender: ${line}`);
  return { startedAt, cpuMs };
}

function ledgerCheck(database: FreshDatabase, shop: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/ledger-check.ts", "--shop", shop], {
    cwd: ROOT,
    env: { ...baseEnv(), DATABASE_URL: database.url },
    encoding: "utf8",
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

// ---------------------------------------------------------------- one run

interface RunResult {
  kind: Kind;
  instances: number;
  shops: number;
  offered: number;
  seconds: number;
  answered: number;
  non200: number;
  responseP50: number;
  responseP99: number;
  responseMax: number;
  settled: number;
  settledSeconds: number;
  maxQueue: number;
  /** SQLite: the largest size of the database's -wal file, sampled each second; NaN on PostgreSQL. */
  maxWalBytes: number;
  pointsP50: number;
  pointsP99: number;
  pointsMax: number;
  unseen: number;
  cpuMs: number;
  /** The servers' CPU by thread over the same time (main, settlement, checkpoint), from their /metrics. */
  threadCpuMs: Record<string, number>;
  /** The bench's own CPU: its senders over their whole run, and this process (reader, model, tables) over the same time. */
  benchCpuMs: { senders: number; reader: number };
  /** PostgreSQL's backends for this database over the same time (the bench's reader included); NaN on SQLite. */
  databaseCpuMs: number;
  /** Statements PostgreSQL ran in this database over the same time (the bench's reader included); NaN on SQLite or without pg_stat_statements. */
  statements: number;
  failures: string[];
}

function writeDeliveries(file: string, deliveries: MixDelivery[]): void {
  const triggeredAt = new Date().toISOString();
  const lines = deliveries.map((d) => JSON.stringify({ topic: d.topic, webhookId: d.webhookId, eventId: d.eventId, triggeredAt, hmac: webhookHmac(d.body, SECRET), body: d.body }));
  writeFileSync(file, `${lines.join("\n")}\n`);
}

async function waitForQueue(reader: SustainedReader, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (((await reader.deliveries()).queued ?? 0) === 0) return true;
    await sleep(100);
  }
  return false;
}

/** One shop of the run: its mix and model, its sender's answers, and what of its effects has shown. */
interface ShopRun {
  shop: string;
  reader: SustainedReader;
  mix: SustainedMix;
  file: string;
  latency: PointsLatency;
  /** Per event of the run, its first 200's time. */
  answerAt: Map<number, number>;
  /** Effects seen on a balance whose answer was not yet known. */
  shownPending: { event: number; at: number }[];
  /** Deliveries its sender has reported sent so far. */
  sent: number;
  run: { from: number; to: number };
  /** The latest write seen on a balance (ms since the epoch): the next poll reads from just before it. */
  latestWrite: number;
}

async function runOnce(kind: Kind, instances: number, dir: string): Promise<RunResult> {
  const [firstShop, ...otherShops] = SHOP_NAMES as [string, ...string[]];
  const database = kind === "sqlite" ? await freshSqlite(firstShop, ROOT) : await freshPostgres(flags["postgres-url"], firstShop, ROOT);
  for (const shop of otherShops) await registerShop(database.url, shop);
  const readers = SHOP_NAMES.map((shop) => openReader(database, shop));
  const reader = readers[0] as SustainedReader;
  let services: Service[] = [];
  try {
    const rules = parseProgramRules(await reader.programRules());
    if (JSON.stringify(rules) !== JSON.stringify(defaultProgramRules())) throw new Error("the bench shop does not run the default program");
    const started = await startServers(database, instances);
    services = started.services;
    const { urls } = started;
    const shops: ShopRun[] = SHOP_NAMES.map((shop, i) => {
      const mix = new SustainedMix({ seed: SEED + i, customers: CUSTOMERS, spacing: SPACING, paidFrom: new Date(Date.now() - 3_600_000) }, rules);
      return { shop, reader: readers[i] as SustainedReader, mix, file: path.join(dir, `${kind}-${instances}-${i}.ndjson`), latency: new PointsLatency([]), answerAt: new Map(), shownPending: [], sent: 0, run: { from: 0, to: 0 }, latestWrite: Number.NEGATIVE_INFINITY };
    });

    // Existing members (the advocates) and their history, each round worked before the next; it warms the servers up.
    const rounds = shops.map((each) => each.mix.seed());
    for (const each of shops) writeDeliveries(each.file, each.mix.deliveries);
    for (let round = 0; round < Math.max(...rounds.map((list) => list.length)); round++) {
      await Promise.all(
        shops.map((each, i) => {
          const range = rounds[i]?.[round];
          return range ? offer(each.shop, each.file, urls, range.from, range.to - range.from, Math.min(RATE, 500) / SHOPS, () => undefined) : undefined;
        }),
      );
      if (!(await waitForQueue(reader, DRAIN_TIMEOUT_MS))) throw new Error("the seed's deliveries were not worked in time");
    }
    for (const each of shops) {
      each.mix.useReferralCodes(await each.reader.referralCodes());
      each.run = each.mix.run(SHOP_OFFERED);
      writeDeliveries(each.file, each.mix.deliveries);
      each.latency = new PointsLatency(each.mix.effects);
      each.latency.observe(await each.reader.balances(), Date.now());
    }
    const seeded = shops.reduce((sum, each) => sum + each.mix.seededCustomerIds().length, 0);
    const seedDeliveries = shops.reduce((sum, each) => sum + each.run.from, 0);
    console.log(
      `${kind}, ${instances} instance${instances > 1 ? "s" : ""}${SHOPS > 1 ? `, ${SHOPS} shops` : ""}: seeded ${n0(seeded)} members in ${Math.max(...rounds.map((list) => list.length))} rounds (${n0(seedDeliveries)} deliveries); ` +
        `offering ${n0(OFFERED)} deliveries at ${n0(RATE)}/s for ${DURATION} s over ${n0(CUSTOMERS * SHOPS)} customers (spacing ${SPACING}${SHOPS > 1 ? " per shop" : ""})`,
    );
    for (const each of shops) console.log(`  mix${SHOPS > 1 ? ` of ${each.shop}` : ""}: ${JSON.stringify(each.mix.stats)}`);

    const responseMs: number[] = [];
    let non200 = 0;
    // By status; 0 is a request that got no answer at all (bench/open-loop.mjs: the connection failed).
    const non200ByStatus = new Map<number, number>();
    const second = { sent: 0, answered: [] as number[], non200: 0, points: [] as number[] };
    const pointsMs: number[] = [];
    const onProgressOf = (each: ShopRun) => (total: number, answers: Answer[]) => {
      second.sent += total - each.sent;
      each.sent = total;
      for (const answer of answers) {
        responseMs.push(answer.ms);
        second.answered.push(answer.ms);
        if (answer.status !== 200) {
          non200 += 1;
          non200ByStatus.set(answer.status, (non200ByStatus.get(answer.status) ?? 0) + 1);
          second.non200 += 1;
          continue;
        }
        const event = each.mix.deliveries[answer.index]?.event;
        if (event === undefined) continue;
        const before = each.answerAt.get(event);
        if (before === undefined || answer.at < before) each.answerAt.set(event, answer.at);
      }
    };

    const cpu = () => services.reduce((sum, service) => sum + cpuMsOf(service.child.pid), 0);
    const databaseName = kind === "postgres" ? new URL(database.url).pathname.slice(1) : null;
    const databaseCpu = () => (databaseName ? postgresCpuMs(databaseName) : Number.NaN);
    const databaseCpuAtStart = databaseCpu();
    const statementsRun = () => (databaseName ? postgresStatements(database.url, databaseName) : Promise.resolve(Number.NaN));
    const statementsAtStart = await statementsRun();
    const statusAtStart = await reader.deliveries();
    const doneAtStart = statusAtStart.done ?? 0;
    const cpuAtStart = cpu();
    const threadCpuAtStart = await threadCpuMs(urls, METRICS_TOKEN);
    const ownCpuAtStart = process.cpuUsage();
    let offering = true;
    const startings: Promise<number>[] = [];
    const sending = Promise.all(
      shops.map((each) => {
        let markStart: (at: number) => void = () => undefined;
        startings.push(new Promise<number>((resolve) => (markStart = resolve)));
        return offer(each.shop, each.file, urls, each.run.from, each.run.to - each.run.from, SHOP_RATE, onProgressOf(each), markStart);
      }),
    ).finally(() => (offering = false));
    // The clock starts when the first sender's first delivery is due (reading and preparing the file takes it a while).
    const t0 = await Promise.race([...startings, sending.then(() => Date.now())]);
    await sleep(Math.max(0, t0 - Date.now()));
    let lastDone = doneAtStart;
    let lastCpu = cpuAtStart;
    let maxQueue = 0;
    let maxWalBytes = kind === "sqlite" ? 0 : Number.NaN;
    let drainedAt = Number.NaN;
    let tick = 0;
    const unseen = () => shops.reduce((sum, each) => sum + each.latency.unseen(), 0);
    const rows: string[][] = [["s", "offered", "answered", "resp p50 ms", "resp p99 ms", "non-200", "settled", "queue", "pts p50 ms", "pts p99 ms", "pts max ms", "CPU ms", "CPU ms/settled"]];
    console.log(`\n${table(rows)}`);
    const deadline = t0 + DURATION * 1000 + DRAIN_TIMEOUT_MS;
    for (;;) {
      // Poll the balances through the second, then take the second's figures.
      const secondEnds = t0 + (tick + 1) * 1000;
      // Every FULL_READ_EVERY seconds the first poll reads every balance; the others read those written since the
      // latest write seen, less LOOKBACK_MS for a transaction that committed after one stamped later.
      let full = tick % FULL_READ_EVERY === 0;
      while (Date.now() < secondEnds) {
        const at = Date.now();
        for (const each of shops) {
          const reading = await each.reader.balances(full || !Number.isFinite(each.latestWrite) ? undefined : each.latestWrite - LOOKBACK_MS);
          for (const row of reading.values()) if (row.updatedAt > each.latestWrite) each.latestWrite = row.updatedAt;
          for (const event of each.latency.observe(reading, at)) each.shownPending.push({ event, at });
        }
        full = false;
        await sleep(Math.max(0, Math.min(POLL_MS - (Date.now() - at), secondEnds - Date.now())));
      }
      tick += 1;
      const statuses = await reader.deliveries();
      const queued = statuses.queued ?? 0;
      const done = statuses.done ?? 0;
      const cpuNow = cpu();
      maxQueue = Math.max(maxQueue, queued);
      if (database.kind === "sqlite" && existsSync(`${database.file}-wal`)) maxWalBytes = Math.max(maxWalBytes, statSync(`${database.file}-wal`).size);
      // Points latency of the events that showed this second and whose answer is known.
      for (const each of shops) {
        for (let i = each.shownPending.length - 1; i >= 0; i--) {
          const shown = each.shownPending[i] as { event: number; at: number };
          const answered = each.answerAt.get(shown.event);
          if (answered === undefined) continue;
          const value = Math.max(0, shown.at - answered);
          second.points.push(value);
          pointsMs.push(value);
          each.shownPending.splice(i, 1);
        }
      }
      const answeredSorted = sortedOf(second.answered);
      const pointsSorted = sortedOf(second.points);
      const settledNow = done - lastDone;
      const cpuSecond = cpuNow - lastCpu;
      const row = [
        String(tick),
        n0(second.sent),
        n0(second.answered.length),
        ms(percentile(answeredSorted, 50)),
        ms(percentile(answeredSorted, 99)),
        n0(second.non200),
        n0(settledNow),
        n0(queued),
        ms(percentile(pointsSorted, 50)),
        ms(percentile(pointsSorted, 99)),
        ms(pointsSorted.length ? (pointsSorted[pointsSorted.length - 1] as number) : Number.NaN),
        n0(cpuSecond),
        settledNow > 0 ? (cpuSecond / settledNow).toFixed(2) : "–",
      ];
      console.log(`${table([rows[0] as string[], row]).split("\n")[2]}`);
      lastDone = done;
      lastCpu = cpuNow;
      Object.assign(second, { sent: 0, answered: [], non200: 0, points: [] });
      const allAnswered = !offering;
      if (allAnswered && queued === 0 && unseen() === 0 && shops.every((each) => each.shownPending.length === 0)) {
        drainedAt = Date.now();
        break;
      }
      if (allAnswered && queued === 0 && Number.isNaN(drainedAt)) drainedAt = Date.now();
      if (Date.now() > deadline) {
        console.log(`  stopped waiting after ${(DRAIN_TIMEOUT_MS / 1000).toFixed(0)} s past the offer: ${n0(queued)} still queued, ${n0(unseen())} effects not shown`);
        break;
      }
      // Effects that never show (a mismatch) should not hold the run for the whole timeout once the queue is empty.
      if (allAnswered && queued === 0 && Date.now() - drainedAt > 5000) break;
    }
    const sent = await sending;
    const cpuMs = cpu() - cpuAtStart;
    const threadCpuAtEnd = await threadCpuMs(urls, METRICS_TOKEN);
    const threadCpu = Object.fromEntries(Object.entries(threadCpuAtEnd).map(([thread, ms]) => [thread, ms - (threadCpuAtStart[thread] ?? 0)]));
    const ownCpu = process.cpuUsage(ownCpuAtStart);
    const benchCpuMs = { senders: sent.reduce((sum, each) => sum + each.cpuMs, 0), reader: (ownCpu.user + ownCpu.system) / 1000 };
    const databaseCpuMs = databaseCpu() - databaseCpuAtStart;
    const statements = (await statementsRun()) - statementsAtStart;
    const finalStatuses = await reader.deliveries();
    const settled = (finalStatuses.done ?? 0) - doneAtStart;
    const settledSeconds = ((Number.isNaN(drainedAt) ? Date.now() : drainedAt) - t0) / 1000;

    // ------------------------------------------------------------ the end: ledger and every balance
    const failures: string[] = [];
    if ((finalStatuses.failed ?? 0) > 0) failures.push(`${finalStatuses.failed} deliveries failed for good`);
    for (const service of services) await service.stop();
    // What the servers logged at warn and above: why an answer was not a 200, or a delivery failed.
    const warnings = services.flatMap((service) => service.output().split("\n").filter((line) => /"level":(40|50|60)\b/.test(line)));
    if (warnings.length > 0) {
      // One example of each message, errors first, with how often it came.
      const byMessage = new Map<string, { line: string; count: number; level: number }>();
      for (const line of warnings) {
        const message = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 80);
        const seen = byMessage.get(message);
        if (seen) seen.count += 1;
        else byMessage.set(message, { line, count: 1, level: Number(/"level":(\d+)/.exec(line)?.[1] ?? 0) });
      }
      console.log(`\n  the servers logged ${n0(warnings.length)} warnings or errors:`);
      for (const { line, count } of [...byMessage.values()].sort((a, b) => b.level - a.level)) console.log(`    ${n0(count)} × ${line.slice(0, 400)}`);
    }
    let compared = 0;
    let differ = 0;
    for (const each of shops) {
      const of = SHOPS > 1 ? ` of ${each.shop}` : "";
      const check = ledgerCheck(database, each.shop);
      if (!check.ok) failures.push(`ledger:check found drift or could not run${of}:\n${check.output}`);
      console.log(`\n  ledger:check: ${check.output.split("\n").join("\n  ")}`);
      const observed = await each.reader.balances();
      const expected = each.mix.expectedBalances();
      const wrong: string[] = [];
      for (const [customerId, balance] of expected) {
        const row = observed.get(customerId) ?? { posted: 0, available: 0, pendingCredit: 0, witness: null };
        if (row.posted !== balance || row.available !== balance || row.pendingCredit !== 0) {
          wrong.push(customerId);
          failures.push(`balance of customer ${customerId}${of}: expected ${balance} posted and available, found posted ${row.posted}, available ${row.available}, pending ${row.pendingCredit}`);
        }
      }
      for (const [customerId, row] of observed) {
        if (!expected.has(customerId) && (row.posted !== 0 || row.available !== 0)) failures.push(`balance of customer ${customerId}${of}: the bench expected none, found posted ${row.posted}`);
      }
      if (wrong.length > 0) {
        failures.push(...(await deliveryOrder(each.reader, each.mix, wrong.slice(0, 50))));
        const tiers = each.mix.expectedOrderTiers();
        for (const order of await each.reader.orders(wrong.slice(0, 50))) {
          const model = tiers.get(order.orderId);
          if (model && (model.tier !== order.tier || model.earned !== order.earned)) {
            failures.push(`  order ${order.orderId} of customer ${order.customerId}${of}: earned ${order.earned} at ${order.tier}; the model says ${model.earned} at ${model.tier}`);
          }
        }
      }
      compared += expected.size;
      differ += wrong.length;
    }
    if (non200 > 0) {
      const statuses = [...non200ByStatus].map(([status, count]) => `${count} × ${status === 0 ? "no answer (the connection failed)" : status}`);
      console.log(`  non-200 answers: ${statuses.join(", ")}`);
    }
    console.log(`  balances: ${n0(compared)} customers compared with the bench's model, ${n0(differ)} differ`);
    for (const failure of failures) console.log(`FAIL ${failure}`);

    const responses = sortedOf(responseMs);
    const points = sortedOf(pointsMs);
    return {
      kind,
      instances,
      shops: SHOPS,
      offered: shops.reduce((sum, each) => sum + each.run.to - each.run.from, 0),
      seconds: DURATION,
      answered: responseMs.length,
      non200,
      responseP50: percentile(responses, 50),
      responseP99: percentile(responses, 99),
      responseMax: responses.length ? (responses[responses.length - 1] as number) : Number.NaN,
      settled,
      settledSeconds,
      maxQueue,
      maxWalBytes,
      pointsP50: percentile(points, 50),
      pointsP99: percentile(points, 99),
      pointsMax: points.length ? (points[points.length - 1] as number) : Number.NaN,
      unseen: unseen(),
      cpuMs,
      threadCpuMs: threadCpu,
      benchCpuMs,
      databaseCpuMs,
      statements,
      failures,
    };
  } finally {
    for (const service of services) await service.stop();
    for (const each of readers) await each.close();
    await database.destroy();
  }
}

/**
 * For customers whose balance differs: were their events received, or applied, in another order than the mix's?
 * The model assumes the mix's order (bench/sustained-mix.ts); a difference here points at the bench's spacing or at
 * the queue's order, none there at Tally's arithmetic.
 */
async function deliveryOrder(reader: SustainedReader, mix: SustainedMix, customers: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const customerId of customers) {
    // The customer's own events, then those of anyone who shares one with them (a referral's friend or advocate):
    // a friend's orders arriving out of order change whether the advocate is rewarded.
    const related = new Set([customerId, ...(mix.customerEvents.get(customerId) ?? []).flatMap((event) => mix.eventCustomers.get(event) ?? [])]);
    for (const who of related) lines.push(`  ${who === customerId ? "customer" : `  and customer ${customerId}'s referral party`} ${who}: ${await orderOfEvents(reader, mix, who)}`);
  }
  return lines;
}

async function orderOfEvents(reader: SustainedReader, mix: SustainedMix, customerId: string): Promise<string> {
  const events = mix.customerEvents.get(customerId) ?? [];
  const times = await reader.deliveryTimes(events.map((event) => mix.webhookIdOf(event)));
  const at = events.map((event) => ({ event, ...(times.get(mix.webhookIdOf(event)) ?? { received: Number.NaN, processed: null }) }));
  const outOfOrder = (key: "received" | "processed") =>
    at.flatMap((later, i) => at.slice(0, i).filter((earlier) => (later[key] ?? Infinity) < (earlier[key] ?? -Infinity)).map((earlier) => `${later.event} before ${earlier.event}`));
  const received = outOfOrder("received");
  const processed = outOfOrder("processed");
  const missing = at.filter((e) => !times.has(mix.webhookIdOf(e.event))).map((e) => e.event);
  const waiting = at.filter((e) => times.has(mix.webhookIdOf(e.event)) && e.processed === null).map((e) => e.event);
  const notes = [
    missing.length > 0 && `first delivery never stored: ${missing.join(", ")}`,
    waiting.length > 0 && `not applied: ${waiting.join(", ")}`,
    received.length > 0 && `received out of order: ${received.join(", ")}`,
    processed.length > 0 && `applied out of order: ${processed.join(", ")}`,
  ].filter(Boolean);
  return `events ${events.join(", ")}; ${notes.length === 0 ? "received and applied in the mix's order" : notes.join("; ")}`;
}

// ---------------------------------------------------------------- report

function report(results: RunResult[]): void {
  const rows = [
    [
      "database",
      "inst.",
      "shops",
      "offered",
      "offered/s",
      "answered",
      "non-200",
      "resp p50 ms",
      "resp p99 ms",
      "resp max ms",
      "settled",
      "settled/s",
      "max queue",
      "max WAL MB",
      "pts p50 ms",
      "pts p99 ms",
      "pts max ms",
      "not shown",
      "CPU ms/delivery",
      "PG CPU ms/delivery",
      "PG statements/delivery",
      "failures",
    ],
  ];
  for (const r of results) {
    rows.push([
      r.kind,
      String(r.instances),
      String(r.shops),
      n0(r.offered),
      n0(r.offered / r.seconds),
      n0(r.answered),
      n0(r.non200),
      ms(r.responseP50),
      ms(r.responseP99),
      ms(r.responseMax),
      n0(r.settled),
      n0(r.settled / r.settledSeconds),
      n0(r.maxQueue),
      Number.isNaN(r.maxWalBytes) ? "–" : n0(r.maxWalBytes / 1024 / 1024),
      ms(r.pointsP50),
      ms(r.pointsP99),
      ms(r.pointsMax),
      n0(r.unseen),
      (r.cpuMs / Math.max(1, r.settled)).toFixed(3),
      Number.isNaN(r.databaseCpuMs) ? "–" : (r.databaseCpuMs / Math.max(1, r.settled)).toFixed(3),
      Number.isNaN(r.statements) ? "–" : (r.statements / Math.max(1, r.settled)).toFixed(1),
      n0(r.failures.length),
    ]);
  }
  console.log(`\n${table(rows)}\n`);
  console.log(
    "settled/s: deliveries settled from the first due delivery until the queue was empty, over that time; CPU ms/delivery: all instances' CPU over the same time, per settled delivery (taken in and settled); " +
      "PG CPU ms/delivery: the same for the PostgreSQL backends serving the bench's database (the bench's own reader included); " +
      "PG statements/delivery: the statements they ran over that time, per settled delivery, when the server loads pg_stat_statements.",
  );
  printCpuByThread(results);
  const failed = results.filter((r) => r.failures.length > 0);
  console.log(failed.length === 0 ? "Every balance is the model's and the ledger check is clean." : `FAILED: ${failed.map((r) => `${r.kind} ×${r.instances}: ${r.failures.length} failure lines`).join("; ")}`);
}

/**
 * Where the machine's CPU went in each run, per settled delivery and in cores over the settled time: the servers'
 * threads (from their /metrics), the rest of their processes (V8's helper threads, libuv's pool), the bench's own
 * senders and reader, which share the machine with them, and PostgreSQL's backends.
 */
function printCpuByThread(results: RunResult[]): void {
  const threads = ["main", "settlement", "checkpoint"];
  if (results.every((r) => Object.keys(r.threadCpuMs).length === 0)) return;
  const rows = [["database", "inst.", ...threads, "rest of the app", "app", "bench senders", "bench reader", "PostgreSQL"]];
  for (const r of results) {
    const per = (ms: number) => (Number.isNaN(ms) ? "–" : `${(ms / Math.max(1, r.settled)).toFixed(3)} (${(ms / 1000 / r.settledSeconds).toFixed(2)})`);
    const named = threads.reduce((sum, thread) => sum + (r.threadCpuMs[thread] ?? 0), 0);
    rows.push([
      r.kind,
      String(r.instances),
      ...threads.map((thread) => (r.threadCpuMs[thread] === undefined ? "–" : per(r.threadCpuMs[thread]))),
      per(r.cpuMs - named),
      per(r.cpuMs),
      per(r.benchCpuMs.senders),
      per(r.benchCpuMs.reader),
      per(r.databaseCpuMs),
    ]);
  }
  console.log(`CPU ms per settled delivery by thread (in brackets, cores over the settled time):\n\n${table(rows)}\n`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const wanted: Kind[] = flags.db === "both" ? ["sqlite", "postgres"] : flags.db === "sqlite" || flags.db === "postgres" ? [flags.db] : [];
  if (wanted.length === 0) throw new Error(`--db must be sqlite, postgres or both, not ${flags.db}`);
  if (INSTANCES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--instances takes counts such as 1 or 1,2,3, not ${flags.instances}`);
  if (!(RATE > 0) || !(DURATION > 0)) throw new Error("--rate and --duration must be positive");
  if (!Number.isInteger(SHOPS) || SHOPS < 1) throw new Error(`--shops takes a count such as 1 or 4, not ${flags.shops}`);
  const plan: { kind: Kind; instances: number }[] = [];
  for (const kind of wanted) {
    if (kind === "postgres") {
      const problem = await postgresReachable(flags["postgres-url"]);
      if (problem) {
        console.log(`PostgreSQL is unreachable at ${flags["postgres-url"]} (${problem}): skipping it.`);
        continue;
      }
      for (const instances of INSTANCES) plan.push({ kind, instances });
    } else {
      // One SQLite file has one writer: more instances are a PostgreSQL deployment.
      if (INSTANCES.some((n) => n !== 1)) console.log("SQLite runs one instance; --instances applies to PostgreSQL.");
      plan.push({ kind, instances: 1 });
    }
  }

  buildIfStale(flags.build);
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
  const cpus = os.cpus();
  console.log(
    `bench:sustained ${new Date().toISOString()} commit ${commit}; Node ${process.version}; ${cpus.length} × ${cpus[0]?.model ?? "cpu"}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ` +
      `${n0(RATE)}/s for ${DURATION} s, seed ${SEED}${SHOPS > 1 ? `, ${SHOPS} shops` : ""}` +
      (Object.keys(SERVER_ENV).length > 0 ? `; server env ${Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-bench-sustained-"));
  const results: RunResult[] = [];
  try {
    for (const { kind, instances } of plan) results.push(await runOnce(kind, instances, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report(results);
  if (results.some((r) => r.failures.length > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
