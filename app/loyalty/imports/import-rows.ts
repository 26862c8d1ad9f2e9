// The rows an import run keeps between its dry run and its run (imports.rows, JSON), and the ledger key each
// one is entered under (docs/decisions/010-balance-imports.md).
import { z } from "zod";

export const importRowSchema = z.object({
  row: z.number().int(),
  /** The member the row was matched to at the dry run; null when the member is created by the run. */
  memberId: z.string().nullable(),
  customerId: z.string().nullable(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  /** The member's imported balance as the file states it. */
  points: z.number().int().min(0),
  note: z.string().nullable(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const rowErrorSchema = z.object({ row: z.number().int(), column: z.string(), message: z.string() });

export function parseImportRows(json: string): ImportRow[] {
  return z.array(importRowSchema).parse(JSON.parse(json));
}

export function parseRowErrors(json: string) {
  return z.array(rowErrorSchema).parse(JSON.parse(json));
}

/**
 * The ledger key of one member's entry from one file. The same file imported again finds its keys taken and
 * changes nothing; another file gets new keys and enters the difference to what was imported before.
 */
export function importTransferKey(fileSha256: string, memberId: string): string {
  return `import:${fileSha256}:${memberId}`;
}

/** Points to enter so that the member's imported total becomes the file's balance. */
export function importDifference(fileBalance: number, importedSoFar: number): number {
  return fileBalance - importedSoFar;
}
