// Running a checked import: in the background, in batches, each batch's progress stored in imports.processed_rows
// so the page can show it and an interrupted run can be resumed. Every balance is entered through the ledger
// writer as an IMPORT transfer whose key makes a second pass over the same file a no-op
// (docs/decisions/010-balance-imports.md).
import { setImmediate as nextTick } from "node:timers/promises";
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { importMessages } from "./import-messages";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import { randomUUID } from "node:crypto";
import { importDifference, importTransferKey, parseImportRows, type ImportRow } from "./import-rows";
import { createImportedMembers } from "~/loyalty/members/member-store.server";
import { refreshPlannerStatistics } from "~/db/planner-statistics.server";
import { log } from "~/operations/logger.server";

export const IMPORT_BATCH_SIZE = 500;
/** How many rows (or rounds of concurrent rows) a batch writes before it lets waiting requests run. */
const YIELD_EVERY_ROWS = 25;
/** Ledger writes in flight at once on PostgreSQL; SQLite writes one at a time whatever we do. */
const POSTGRES_CONCURRENCY = 8;

export type StartOutcome = { ok: true } | { ok: false; error: "not_found" | "not_ready" };

// Runs this process is driving, so a poll does not offer to resume a run that is merely in progress here.
const driving = new Set<string>();

export function isDrivingImport(runId: string): boolean {
  return driving.has(runId);
}

/** Moves a checked run to running and starts it in the background. */
export async function startImport(database: TallyDatabase, shop: string, runId: string, staff: StaffMember): Promise<StartOutcome> {
  const { count } = await database.prisma.importRun.updateMany({ where: { id: runId, shop, status: "checked" }, data: { status: "running" } });
  if (count === 0) {
    const exists = await database.prisma.importRun.count({ where: { id: runId, shop } });
    return { ok: false, error: exists ? "not_ready" : "not_found" };
  }
  launchImport(database, runId, staff);
  return { ok: true };
}

/** Resumes a run that stopped before its end (the app restarted, or a batch failed). Safe to call twice. */
export async function resumeImport(database: TallyDatabase, shop: string, runId: string, staff: StaffMember): Promise<StartOutcome> {
  const { count } = await database.prisma.importRun.updateMany({
    where: { id: runId, shop, status: { in: ["running", "failed"] } },
    data: { status: "running" },
  });
  if (count === 0) {
    const exists = await database.prisma.importRun.count({ where: { id: runId, shop } });
    return { ok: false, error: exists ? "not_ready" : "not_found" };
  }
  launchImport(database, runId, staff);
  return { ok: true };
}

function launchImport(database: TallyDatabase, runId: string, staff: StaffMember): void {
  if (driving.has(runId)) return;
  driving.add(runId);
  void runImport(database, runId, staff)
    .catch(async (error: unknown) => {
      log().error({ importRun: runId, err: error }, "a balance import stopped");
      await database.prisma.importRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "failed" } });
    })
    .finally(() => driving.delete(runId));
}

/**
 * Runs an import to its end, batch by batch. The lock keeps two instances (or a resume racing the original) from
 * working on one run at once; the second finds the run done, or carries on where the first stopped.
 */
export async function runImport(database: TallyDatabase, runId: string, staff: StaffMember): Promise<void> {
  await database.withLock(`import:${runId}`, async () => {
    let rows: ImportRow[] | null = null;
    for (;;) {
      // The rows (megabytes of JSON for a large file) are read once; each batch reads only the counters.
      const run = await database.prisma.importRun.findUnique({ where: { id: runId }, omit: { rows: true } });
      if (!run || run.status !== "running") return;
      rows ??= parseImportRows((await database.prisma.importRun.findUniqueOrThrow({ where: { id: runId }, select: { rows: true } })).rows);
      const more = await importBatch(database, run, rows, staff);
      if (!more) return;
      // A large import can multiply the members, balances and transfers of a new shop within minutes: keep
      // PostgreSQL's plans of the batches' statements made for the tables as they are now, wherever the import
      // runs and whether or not autovacuum is on (docs/decisions/058-planner-statistics-for-fresh-tables.md).
      await refreshPlannerStatistics(database);
      // Lets the polls and other requests in between batches; SQLite's writes are synchronous.
      await nextTick();
    }
  });
}

interface RunState {
  id: string;
  shop: string;
  fileName: string;
  format: string;
  fileSha256: string;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  errors: string;
}

/** Imports the next batch of a running import; false once the run is complete. */
export async function importBatch(database: TallyDatabase, run: RunState, rows: readonly ImportRow[], staff: StaffMember): Promise<boolean> {
  const batch = rows.slice(run.processedRows, run.processedRows + IMPORT_BATCH_SIZE);
  if (batch.length === 0) {
    await finishImport(database, run, staff);
    return false;
  }
  const memberIds = await membersFor(database, run.shop, batch);
  const imported = await importedTotals(database, run.shop, [...memberIds.values()]);
  const keys = batch.map((row) => importTransferKey(run.fileSha256, memberIds.get(row.row) ?? ""));
  const taken = new Set(
    (await database.prisma.transfer.findMany({ where: { shop: run.shop, idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map(
      (transfer) => transfer.idempotencyKey,
    ),
  );

  let changed = 0;
  let unchanged = 0;
  const enter = async (row: ImportRow) => {
    const memberId = memberIds.get(row.row);
    if (!memberId) throw new Error(`row ${row.row} of import ${run.id} has no member`);
    const key = importTransferKey(run.fileSha256, memberId);
    const points = importDifference(row.points, imported.get(memberId) ?? 0);
    if (taken.has(key) || points === 0) {
      unchanged++;
      return;
    }
    const outcome = await database.ledger.recordTransfer({
      shop: run.shop,
      memberId,
      code: "IMPORT",
      points,
      status: "posted",
      idempotencyKey: key,
      memo: row.note ?? importMessages.memo(run.fileName),
      actor: staff.name,
    });
    if (!outcome.ok) throw new Error(`row ${row.row} of import ${run.id}: ${outcome.message}`);
    if (outcome.replayed) unchanged++;
    else changed++;
  };
  const concurrency = database.kind === "postgres" ? POSTGRES_CONCURRENCY : 1;
  for (let start = 0; start < batch.length; start += concurrency) {
    await Promise.all(batch.slice(start, start + concurrency).map(enter));
    // On SQLite each transfer runs on the driver and resolves at once, so a batch would otherwise hold the event
    // loop for as long as all its rows take (a second and more): Shopify's webhooks and staff's pages wait on it.
    if ((start / concurrency) % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1) await nextTick();
  }

  // Counted only when no other worker moved the run on meanwhile (the lock makes that rare; this makes it harmless).
  await database.prisma.importRun.updateMany({
    where: { id: run.id, status: "running", processedRows: run.processedRows },
    data: {
      processedRows: run.processedRows + batch.length,
      importedRows: run.importedRows + changed,
      skippedRows: run.skippedRows + unchanged,
    },
  });
  return true;
}

/** The member of each row: matched at the dry run, or found or created now from the row's Shopify customer id. */
async function membersFor(database: TallyDatabase, shop: string, batch: readonly ImportRow[]): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  const missing = batch.filter((row) => {
    if (row.memberId) result.set(row.row, row.memberId);
    return !row.memberId;
  });
  if (missing.length === 0) return result;
  const customerIds = missing.map((row) => row.customerId).filter((id): id is string => id !== null);
  const found = async () =>
    new Map(
      (await database.prisma.member.findMany({ where: { shop, customerId: { in: customerIds } }, select: { id: true, customerId: true } })).map(
        (member) => [member.customerId, member.id],
      ),
    );
  let existing = await found();
  const toCreate = missing.filter((row) => row.customerId && !existing.has(row.customerId));
  if (toCreate.length > 0) {
    const rules = (await findShop(database.prisma, shop))?.rules ?? defaultProgramRules();
    const tier = tierFor(0, rules.tiers).key;
    const now = new Date();
    const members = toCreate.map((row) => ({
      id: randomUUID(),
      shop,
      customerId: row.customerId ?? "",
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      tier,
      // No referral code yet: random codes collide at this volume and would fail the whole batch; the member
      // gets one the first time Shopify tells Tally about the customer (member-store.server.ts).
      createdAt: now,
    }));
    if ((await createImportedMembers(database, members)) === "all_created") {
      for (const member of members) existing.set(member.customerId, member.id);
    } else {
      existing = await found();
    }
  }
  for (const row of missing) {
    const id = row.customerId ? existing.get(row.customerId) : undefined;
    if (id) result.set(row.row, id);
  }
  return result;
}

/** What was imported for each member so far: the sum of their IMPORT transfers, from any file. */
async function importedTotals(database: TallyDatabase, shop: string, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await database.prisma.transfer.groupBy({
    by: ["memberId"],
    where: { shop, code: "IMPORT", status: "posted", memberId: { in: memberIds } },
    _sum: { points: true },
  });
  return new Map(rows.map((row) => [row.memberId, row._sum.points ?? 0]));
}

async function finishImport(database: TallyDatabase, run: RunState, staff: StaffMember): Promise<void> {
  const finishedAt = new Date();
  // The rows (names, emails, customer ids) were kept only for the run; a finished run keeps its counts.
  const { count } = await database.prisma.importRun.updateMany({ where: { id: run.id, status: "running" }, data: { status: "done", finishedAt, rows: "[]" } });
  if (count === 0) return;
  const errorRows = new Set((JSON.parse(run.errors) as { row: number }[]).map((error) => error.row)).size;
  await recordAuditEvent(database.prisma, {
    id: `import:${run.id}:completed`,
    shop: run.shop,
    staff,
    action: "import.completed",
    subjectId: run.id,
    details: { importId: run.id, format: run.format, rows: run.totalRows, changed: run.importedRows, unchanged: run.skippedRows, errorRows },
    at: finishedAt,
  });
}
