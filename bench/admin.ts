// `npm run bench:admin`: how fast each admin page answers for a large shop. Seeds (or reuses, see
// bench/admin-seed.ts) a shop of 100,000 members and 1,000,000 transfers with orders, referrals, redemptions,
// imports and audit events in proportion, serves it with server.mjs over the production build in demo mode, signs
// in as the demo staff, then requests every page in PAGES with varied query strings, one request at a time:
//
// - loader: the page's data as the browser fetches it when navigating (`<path>.data`, Remix single fetch: the
//   loaders of every route on the page, app.tsx's included, serialized). The target applies here: p95 under
//   200 ms on SQLite (docs/performance.md).
// - document: the full HTML page, server-rendered. The demo runs React's development build (TALLY_DEMO refuses
//   NODE_ENV=production), so these figures are an upper bound of what production renders.
//
// A page that answers 404, or redirects, is not built yet: it is listed with a note and skipped. Figures are
// printed, never asserted; the exit status is 1 only when a request failed.
//
//   npm run bench:admin -- [--db sqlite|postgres|both] [--requests 60] [--document-requests 20] [--warmup 5]
//     [--members 100000] [--transfers 1000000] [--reseed] [--build] [--by-variant] [--postgres-url URL]
//   --by-variant also prints each query string's loader p50 and max, to find the slow one.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { DEMO_SHOP } from "~/env.server";
import { freePort, spawnServer, waitUntilListening, type ServerProcess } from "../test/support/server-process";
import { HEAVY_MEMBER_INDEXES, MEMBER_WITHOUT_TRANSFERS_INDEX, memberIdAt } from "./admin-dataset";
import { seedPostgres, seedSqlite, type SeededDatabase, type SeedRequest } from "./admin-seed";
import { buildIfStale } from "./build-app";

const TARGET_P95_MS = 200;

const { values: flags } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    requests: { type: "string", default: "60" },
    "document-requests": { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    members: { type: "string", default: "100000" },
    transfers: { type: "string", default: "1000000" },
    seed: { type: "string", default: "20261128" },
    reseed: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    "by-variant": { type: "boolean", default: false },
    "postgres-url": { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});

interface SampleMember {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** What the query strings are made from: real members of the seeded shop and the day it runs. */
interface BenchContext {
  /** Members with thousands of transfers first, then ordinary ones, then one with none. */
  members: SampleMember[];
  today: string;
  daysAgo(days: number): string;
}

interface AdminPage {
  name: string;
  /** The page's path as the navigation names it; ":id" stands for a member id. */
  path: string;
  /** Paths with query strings to request, cycled through; the first one also decides whether the page exists. */
  variants(context: BenchContext): string[];
}

const q = (value: string) => encodeURIComponent(value);

/**
 * Every admin page, with the query strings a merchant produces there. The query parameters are the ones each
 * page's zod schema reads; a variant a page refuses (4xx) is reported as a failed request.
 */
const PAGES: AdminPage[] = [
  {
    name: "Dashboard",
    path: "/app",
    variants: ({ today, daysAgo }) => ["/app", "/app?period=7d", "/app?period=90d", "/app?period=365d", `/app?period=custom&from=${daysAgo(180)}&to=${today}`],
  },
  { name: "Program", path: "/app/program", variants: () => ["/app/program"] },
  {
    name: "Members",
    path: "/app/members",
    variants: ({ members }) => {
      const [heavy, , , plain, other, third] = members as [SampleMember, SampleMember, SampleMember, SampleMember, SampleMember, SampleMember];
      return [
        "/app/members",
        "/app/members?page=2",
        "/app/members?page=2000",
        `/app/members?q=${q(plain.lastName)}`,
        `/app/members?q=${q(`${other.firstName} ${other.lastName}`)}`,
        `/app/members?q=${q(third.email)}`,
        `/app/members?q=${q(heavy.firstName.slice(0, 2).toLowerCase())}`,
        "/app/members?q=nobody-by-this-name",
        "/app/members?tier=gold",
        "/app/members?sort=name",
        "/app/members?sort=joined&order=asc&page=40",
        `/app/members?tier=silver&sort=lifetime&q=${q(plain.firstName)}`,
      ];
    },
  },
  {
    name: "Member",
    path: "/app/members/:id",
    variants: ({ members }) => [
      ...members.map((member) => `/app/members/${member.id}`),
      `/app/members/${members[0]?.id}?page=2`,
      `/app/members/${members[0]?.id}?page=30`,
    ],
  },
  { name: "Referrals", path: "/app/referrals", variants: () => ["/app/referrals", "/app/referrals?status=rejected", "/app/referrals?status=pending", "/app/referrals?page=2"] },
  {
    name: "Activity",
    path: "/app/activity",
    variants: ({ members, today, daysAgo }) => [
      "/app/activity",
      "/app/activity?code=PURCHASE",
      "/app/activity?code=ADJUSTMENT",
      `/app/activity?member=${q(members[0]?.email ?? "")}`,
      `/app/activity?member=${q(members[3]?.lastName ?? "")}`,
      `/app/activity?from=${daysAgo(30)}&to=${today}`,
      `/app/activity?code=REDEMPTION&from=${daysAgo(365)}&to=${daysAgo(300)}`,
      "/app/activity?view=audit",
      "/app/activity?view=audit&action=member.adjusted",
    ],
  },
  { name: "Import and export", path: "/app/import-export", variants: () => ["/app/import-export"] },
  { name: "Data requests", path: "/app/data-requests", variants: () => ["/app/data-requests"] },
];

// ---------------------------------------------------------------- measuring

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

type PageResult =
  | { page: AdminPage; status: "missing"; note: string }
  | { page: AdminPage; status: "measured"; variants: number; loader: Timing; document: Timing | null; failures: string[]; byVariant: Map<string, number[]> };

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** `/app/members?q=x` → `/app/members.data?q=x`: the page's loaders as a client-side navigation requests them. */
function dataUrl(pathWithQuery: string): string {
  const at = pathWithQuery.indexOf("?");
  return at === -1 ? `${pathWithQuery}.data` : `${pathWithQuery.slice(0, at)}.data${pathWithQuery.slice(at)}`;
}

async function timed(url: string, cookie: string): Promise<{ ms: number; status: number; body: string; location: string | null }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body, location: response.headers.get("location") };
}

/** Single fetch answers a loader's redirect with 202 and the target in the body, not with a 3xx. */
function redirected(result: { status: number; location: string | null; body: string }): boolean {
  return (result.status >= 300 && result.status < 400) || (result.status === 202 && result.body.includes("redirect"));
}

async function measurePage(base: string, cookie: string, page: AdminPage, context: BenchContext): Promise<PageResult> {
  const variants = page.variants(context);
  const first = await timed(`${base}${variants[0]}`, cookie);
  if (first.status === 404) return { page, status: "missing", note: "not built yet (404)" };
  if (redirected(first)) return { page, status: "missing", note: `not built yet (redirects to ${first.location ?? "another page"})` };

  const failures: string[] = [];
  const usable: string[] = [];
  for (const variant of variants) {
    const probe = await timed(`${base}${dataUrl(variant)}`, cookie);
    if (probe.status === 200) usable.push(variant);
    else failures.push(`${variant} answered ${probe.status}: ${probe.body.slice(0, 160).replace(/\s+/g, " ")}`);
  }
  if (usable.length === 0) return { page, status: "measured", variants: 0, loader: timing([]), document: null, failures, byVariant: new Map() };

  const warmup = Number(flags.warmup);
  for (let i = 0; i < warmup; i++) await timed(`${base}${dataUrl(usable[i % usable.length] ?? "")}`, cookie);
  const loader: number[] = [];
  const byVariant = new Map<string, number[]>(usable.map((variant) => [variant, []]));
  for (let i = 0; i < Number(flags.requests); i++) {
    const variant = usable[i % usable.length] ?? "";
    const result = await timed(`${base}${dataUrl(variant)}`, cookie);
    if (result.status !== 200) failures.push(`${variant} (.data) answered ${result.status}`);
    loader.push(result.ms);
    byVariant.get(variant)?.push(result.ms);
  }
  const documents: number[] = [];
  for (let i = 0; i < Number(flags["document-requests"]); i++) {
    const variant = usable[i % usable.length] ?? "";
    const result = await timed(`${base}${variant}`, cookie);
    if (result.status !== 200) failures.push(`${variant} answered ${result.status}`);
    documents.push(result.ms);
  }
  return { page, status: "measured", variants: usable.length, loader: timing(loader), document: documents.length > 0 ? timing(documents) : null, failures, byVariant };
}

// ---------------------------------------------------------------- the run

async function sampleMembers(kind: "sqlite" | "postgres", url: string): Promise<SampleMember[]> {
  const indexes = [...HEAVY_MEMBER_INDEXES, 42, 12_345, 54_321, Number(flags.members) - 2, MEMBER_WITHOUT_TRANSFERS_INDEX].filter((index) => index < Number(flags.members));
  const ids = indexes.map(memberIdAt);
  const sql = `SELECT id, first_name AS "firstName", last_name AS "lastName", email FROM members WHERE id IN (${ids.map((_, i) => (kind === "sqlite" ? "?" : `$${i + 1}`)).join(", ")})`;
  let rows: SampleMember[];
  if (kind === "sqlite") {
    const db = new Database(new URL(url).pathname, { readonly: true });
    rows = db.prepare(sql).all(...ids) as SampleMember[];
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    rows = (await client.query<SampleMember>(sql, ids)).rows;
    await client.end();
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is SampleMember => row !== undefined);
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }), redirect: "manual" });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`the demo sign-in answered ${response.status} without a cookie`);
  return cookie;
}

function context(members: SampleMember[]): BenchContext {
  const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  return { members, today: day(0), daysAgo: day };
}

const ms = (value: number) => (Number.isNaN(value) ? "–" : value.toFixed(1));

function printResults(label: string, results: PageResult[], targetApplies: boolean): void {
  const header = ["page", "path", "variants", "loader p50", "p95", "max", "document p50", "p95", "max", targetApplies ? `loader p95 < ${TARGET_P95_MS} ms` : ""];
  const rows = results.map((result) => {
    if (result.status === "missing") return [result.page.name, result.page.path, result.note];
    const verdict = result.failures.length > 0 ? "FAIL (errors)" : result.loader.p95 < TARGET_P95_MS ? "pass" : "FAIL";
    const documentCells = result.document ? [ms(result.document.p50), ms(result.document.p95), ms(result.document.max)] : ["–", "–", "–"];
    return [result.page.name, result.page.path, String(result.variants), ms(result.loader.p50), ms(result.loader.p95), ms(result.loader.max), ...documentCells, targetApplies ? verdict : ""];
  });
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row.length > 3 || column < 2 ? (row[column] ?? "").length : 0))));
  console.log(`\n${label} (times in ms)`);
  for (const row of [header, ...rows]) {
    console.log(row.length === 3 ? `  ${row[0]?.padEnd(widths[0] ?? 0)}  ${row[1]?.padEnd(widths[1] ?? 0)}  ${row[2]}` : `  ${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")}`);
  }
  for (const result of results) {
    if (result.status !== "measured") continue;
    for (const failure of result.failures) console.log(`  ! ${result.page.name}: ${failure}`);
    if (!flags["by-variant"]) continue;
    for (const [variant, samples] of result.byVariant) {
      const { p50, max } = timing(samples);
      console.log(`    ${result.page.name}  p50 ${ms(p50).padStart(7)}  max ${ms(max).padStart(7)}  ${variant}`);
    }
  }
}

async function runOn(kind: "sqlite" | "postgres", seeded: SeededDatabase): Promise<PageResult[]> {
  const port = await freePort();
  // No background jobs: the job runner would work through the 100,000 members while the pages are timed.
  const server: ServerProcess = spawnServer({ NODE_ENV: "development", TALLY_DEMO: "1", TALLY_BACKGROUND_JOBS: "0", DATABASE_URL: seeded.url, PORT: String(port) });
  try {
    await waitUntilListening(server);
    const base = `http://localhost:${port}`;
    const cookie = await signIn(base);
    const bench = context(await sampleMembers(kind, seeded.url));
    const results: PageResult[] = [];
    for (const page of PAGES) {
      const result = await measurePage(base, cookie, page, bench);
      console.log(result.status === "missing" ? `  ${page.name}: ${result.note}` : `  ${page.name}: loader p95 ${ms(result.loader.p95)} ms over ${flags.requests} requests`);
      results.push(result);
    }
    return results;
  } finally {
    await server.stop();
  }
}

function describeSeed(kind: string, seeded: SeededDatabase): string {
  const { summary, ledger, seconds, seededAt } = seeded.record;
  const count = (n: number) => n.toLocaleString("en-US");
  return [
    `${kind}: ${count(summary.members)} members, ${count(summary.transfers)} transfers, ${count(summary.orders)} orders, ${count(summary.referrals)} referrals, ${count(summary.redemptions)} redemptions, ${count(summary.auditEvents)} audit events, ${count(summary.imports)} imports, ${count(summary.dataRequests)} data requests`,
    `  ${seeded.cached ? "reused the database seeded" : "seeded"} ${seededAt.slice(0, 16).replace("T", " ")} UTC in ${seconds.toFixed(1)} s; tiers ${JSON.stringify(summary.tiers)}`,
    `  ledger check: ${count(ledger.membersChecked)} members, ${count(ledger.transfersRead)} transfers re-derived, ${ledger.drifted} drifted (${ledger.seconds.toFixed(1)} s)`,
  ].join("\n");
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  buildIfStale(flags.build);
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim() || "unknown";
  console.log(`bench:admin on ${commit}, Node ${process.version}: ${flags.requests} loader and ${flags["document-requests"]} document requests per page, one at a time`);
  const request: SeedRequest = { shop: DEMO_SHOP, shopName: "Maple & Moss (bench)", members: Number(flags.members), transfers: Number(flags.transfers), seed: Number(flags.seed) };
  const kinds = flags.db === "both" ? (["sqlite", "postgres"] as const) : [flags.db as "sqlite" | "postgres"];
  let failed = false;
  for (const kind of kinds) {
    if (kind === "postgres") {
      const unreachable = await postgresReachable(flags["postgres-url"]);
      if (unreachable) {
        console.log(`\nPostgreSQL skipped: ${flags["postgres-url"]} is not reachable (${unreachable})`);
        continue;
      }
    }
    const label = kind === "sqlite" ? "SQLite" : "PostgreSQL";
    console.log(`\n${label}: preparing the database…`);
    const seeded = kind === "sqlite" ? await seedSqlite(request, flags.reseed) : await seedPostgres(flags["postgres-url"], request, flags.reseed);
    console.log(describeSeed(label, seeded));
    const results = await runOn(kind, seeded);
    printResults(label, results, true);
    if (kind === "postgres") console.log(`  (the ${TARGET_P95_MS} ms target is set for SQLite; PostgreSQL is shown against it for comparison)`);
    failed ||= results.some((result) => result.status === "measured" && result.failures.length > 0);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
