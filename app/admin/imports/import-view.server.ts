// What the Import and export page shows: recent imports, and the one the merchant is looking at — its dry run's
// row errors, or its progress.
import type { ReadOnlyPrisma } from "~/db/database.server";
import { isDrivingImport } from "~/loyalty/imports/import-run.server";
import { parseImportRows, parseRowErrors } from "~/loyalty/imports/import-rows";

export const SHOWN_ROW_ERRORS = 100;

export interface ImportProgress {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  /** Running according to the database, but not by this process, or stopped by an error: offer to resume. */
  interrupted: boolean;
}

function progressOf(run: { id: string; status: string; totalRows: number; processedRows: number; importedRows: number; skippedRows: number }): ImportProgress {
  return {
    id: run.id,
    status: run.status,
    totalRows: run.totalRows,
    processedRows: run.processedRows,
    importedRows: run.importedRows,
    skippedRows: run.skippedRows,
    interrupted: run.status === "failed" || (run.status === "running" && !isDrivingImport(run.id)),
  };
}

export async function importProgress(prisma: ReadOnlyPrisma, shop: string, runId: string): Promise<ImportProgress | null> {
  const run = await prisma.importRun.findFirst({
    where: { id: runId, shop },
    select: { id: true, status: true, totalRows: true, processedRows: true, importedRows: true, skippedRows: true },
  });
  return run ? progressOf(run) : null;
}

export async function recentImports(prisma: ReadOnlyPrisma, shop: string) {
  const runs = await prisma.importRun.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 10,
    select: { id: true, fileName: true, format: true, status: true, totalRows: true, importedRows: true, createdBy: true, createdAt: true },
  });
  return runs.map((run) => ({ ...run, createdAt: run.createdAt.toISOString() }));
}

export async function importDetail(prisma: ReadOnlyPrisma, shop: string, runId: string) {
  const run = await prisma.importRun.findFirst({ where: { id: runId, shop } });
  if (!run) return null;
  const errors = parseRowErrors(run.errors);
  const newMembers = run.status === "checked" ? parseImportRows(run.rows).filter((row) => row.memberId === null).length : 0;
  const earlier = await prisma.importRun.findFirst({
    where: { shop, fileSha256: run.fileSha256, status: "done", id: { not: run.id }, createdAt: { lte: run.createdAt } },
    orderBy: { createdAt: "desc" },
    select: { finishedAt: true },
  });
  return {
    ...progressOf(run),
    fileName: run.fileName,
    format: run.format,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    errors: errors.slice(0, SHOWN_ROW_ERRORS),
    errorCount: errors.length,
    errorRows: new Set(errors.map((error) => error.row)).size,
    newMembers,
    alreadyImportedAt: earlier?.finishedAt?.toISOString() ?? null,
  };
}

/** One import as the page shows it: its dry run's errors, or its progress. */
export type ImportDetail = NonNullable<Awaited<ReturnType<typeof importDetail>>>;
/** One row of the page's recent imports. */
export type RecentImport = Awaited<ReturnType<typeof recentImports>>[number];
