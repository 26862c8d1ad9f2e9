// npm run ledger:check — re-derives every member's balances from the transfers and compares them with the stored
// balances, the cache the ledger writer keeps (docs/decisions/001-ledger-model.md), and the transfers' sums per
// day, code and status with ledger_daily, which the dashboard reads (docs/decisions/014-live-dashboard-rollups.md).
// Read-only.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase, type TallyDatabase } from "../app/db/database.server";
import { databaseKind, DEFAULT_SQLITE_FILE, sqliteFilePath } from "../app/db/database-url";
import {
  auditBalances,
  auditDailySums,
  type BalanceAudit,
  type DailySum,
  type DailySumAudit,
  type StoredBalances,
} from "../app/loyalty/ledger/ledger-audit.server";

const HELP = `Usage: npm run ledger:check [-- --shop <domain>]
       tsx scripts/ledger-check.ts [--shop <domain>]

Re-derives every member's balances from the ledger's transfers and compares them with the stored balances,
and the transfers' sums per day, code and status with the daily sums the dashboard reads (ledger_daily).
Prints a summary line and one line per member whose stored balances differ from the derived ones, then a
summary line and one line per day, code and status whose stored sum differs from the transfers'.

Options:
  --shop <domain>  check only this shop's members (e.g. my-store.myshopify.com)
  -h, --help       show this help

Environment:
  DATABASE_URL  the database to check: a file: path for SQLite or a postgres:// URL (add ?schema=<name>
                for a schema other than public); empty means ${DEFAULT_SQLITE_FILE} in the project folder

Exit status: 0 no drift, 1 drift found (balances or daily sums), 2 the check could not run (bad arguments, no database, database error).
`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

class UsageError extends Error {}

interface Command {
  help: boolean;
  shop: string | undefined;
}

function parseCommand(args: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { shop: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { shop, help } = parsed.values;
  if (shop !== undefined && shop.trim() === "") throw new UsageError("--shop needs a shop domain");
  return { help: help === true, shop };
}

/** Opens the database without creating it: an empty SQLite file would report a clean ledger that does not exist. */
function openExisting(url: string): { db: TallyDatabase; where: string } {
  if (databaseKind(url) === "postgres") {
    const { host, pathname, searchParams } = new URL(url);
    const schema = searchParams.get("schema");
    return { db: openDatabase(url, { root: ROOT, poolSize: 2 }), where: `PostgreSQL ${host}${pathname}${schema ? ` (schema ${schema})` : ""}` };
  }
  const file = sqliteFilePath(url, ROOT);
  if (!existsSync(file)) {
    throw new Error(`no database at ${file}: set DATABASE_URL, or run \`npm run db:migrate\` to create it`);
  }
  return { db: openDatabase(url, { root: ROOT }), where: `SQLite ${path.relative(ROOT, file) || file}` };
}

function figures(balances: StoredBalances | null): string {
  if (!balances) return "no balances row";
  const { posted, pendingCredit, pendingDebit, available, lifetimeEarned } = balances;
  return `posted=${posted} pending_credit=${pendingCredit} pending_debit=${pendingDebit} available=${available} lifetime_earned=${lifetimeEarned}`;
}

function report(audit: BalanceAudit, where: string, shop: string | undefined): string[] {
  const scope = shop ? `shop ${shop}` : "all shops";
  return [
    `ledger-check: ${where}, ${scope}: ${audit.membersChecked} members, ${audit.transfersRead} transfers, ${audit.drift.length} drifted`,
    ...audit.drift.map((d) => `drift ${d.shop} member ${d.memberId}: stored ${figures(d.stored)}; derived ${figures(d.derived)}`),
  ];
}

function sumText(sum: DailySum | null): string {
  return sum ? `points=${sum.points} transfers=${sum.transfers}` : "no row";
}

function dailyReport(audit: DailySumAudit, where: string, shop: string | undefined): string[] {
  const scope = shop ? `shop ${shop}` : "all shops";
  return [
    `ledger-check: ${where}, ${scope}: ${audit.groupsChecked} daily sums, ${audit.drift.length} drifted`,
    ...audit.drift.map((d) => `drift ${d.shop} day ${d.day} ${d.code} ${d.status}: stored ${sumText(d.stored)}; derived ${sumText(d.derived)}`),
  ];
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { db, where } = openExisting(process.env.DATABASE_URL ?? "");
  try {
    const audit = await auditBalances(db, { shop: command.shop });
    const daily = await auditDailySums(db, { shop: command.shop });
    process.stdout.write(`${[...report(audit, where, command.shop), ...dailyReport(daily, where, command.shop)].join("\n")}\n`);
    return audit.drift.length === 0 && daily.drift.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ledger-check: ${message}\n${error instanceof UsageError ? "Run with --help for usage.\n" : ""}`);
    process.exitCode = 2;
  },
);
