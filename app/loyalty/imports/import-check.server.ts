// The dry run of an import: read the file, validate every row, match rows to members, and keep the result as an
// ImportRun with status `checked`. Nothing touches the ledger or the members here.
import { createHash, randomUUID } from "node:crypto";
import { prismaOf, type Prisma, type Writer } from "~/db/database.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { importMessages } from "./import-messages";
import { redactedCustomerKey } from "~/loyalty/privacy/redacted-customers.server";
import { readBalanceFile, type RowError } from "./balance-file";
import type { ImportRow } from "./import-rows";

const t = importMessages.row;

export interface ImportUpload {
  shop: string;
  staff: StaffMember;
  fileName: string;
  bytes: Uint8Array;
  now?: Date;
}

export type CheckOutcome = { ok: true; runId: string } | { ok: false; message: string };

interface KnownMember {
  id: string;
  customerId: string;
  email: string | null;
}

/** The shop's members by customer id and by lower-cased email, read once: a 100,000-row file needs no per-row query. */
async function memberDirectory(prisma: Prisma, shop: string) {
  const members = await prisma.member.findMany({ where: { shop }, select: { id: true, customerId: true, email: true } });
  const byCustomer = new Map<string, KnownMember>();
  const byEmail = new Map<string, KnownMember[]>();
  for (const member of members) {
    byCustomer.set(member.customerId, member);
    if (member.email) {
      const key = member.email.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), member]);
    }
  }
  return { byCustomer, byEmail };
}

/** The keys of the shop's erased customers (app/loyalty/privacy/redacted-customers.server.ts), read once like the members. */
async function redactedCustomers(prisma: Prisma, shop: string): Promise<Set<string>> {
  const rows = await prisma.redactedCustomer.findMany({ where: { shop }, select: { customerKey: true } });
  return new Set(rows.map((row) => row.customerKey));
}

/** What Tally knows contradicts the row: its customer id is another email's member, or its email another id's. */
function identityMismatch(
  row: { customerId: string | null; email: string | null },
  byCustomer: Map<string, KnownMember>,
  byEmail: Map<string, KnownMember[]>,
): string | null {
  if (!row.customerId || !row.email) return null;
  const email = row.email.toLowerCase();
  const byId = byCustomer.get(row.customerId);
  if (byId?.email && byId.email.toLowerCase() !== email) return t.idHasOtherEmail(row.customerId, byId.email, row.email);
  const other = (byEmail.get(email) ?? []).find((member) => member.customerId !== row.customerId);
  return other ? t.emailHasOtherId(row.email, other.customerId, row.customerId) : null;
}

export async function checkImportFile(db: Writer, upload: ImportUpload): Promise<CheckOutcome> {
  const prisma = prismaOf(db);
  const file = readBalanceFile(upload.bytes);
  if (!file.ok) return file;
  const { byCustomer, byEmail } = await memberDirectory(prisma, upload.shop);
  const erased = await redactedCustomers(prisma, upload.shop);

  const errors: RowError[] = [...file.errors];
  const rows: ImportRow[] = [];
  const rowOfMember = new Map<string, number>();
  for (const row of file.rows) {
    // An import would otherwise bring back the name and email customers/redact erased (docs/privacy.md).
    if (row.customerId && erased.has(redactedCustomerKey(upload.shop, row.customerId))) {
      errors.push({ row: row.row, column: file.columnNames.customerId, message: t.redacted });
      continue;
    }
    // A previous app's own customer id taken for Shopify's would credit, or create, the wrong member.
    const mismatch = identityMismatch(row, byCustomer, byEmail);
    if (mismatch) {
      errors.push({ row: row.row, column: file.columnNames.customerId, message: mismatch });
      continue;
    }
    let memberId: string | null = null;
    if (row.customerId) {
      memberId = byCustomer.get(row.customerId)?.id ?? null;
    } else if (row.email) {
      const matches = byEmail.get(row.email.toLowerCase()) ?? [];
      if (matches.length !== 1) {
        errors.push({ row: row.row, column: file.columnNames.email, message: matches.length === 0 ? t.unknownEmail : t.ambiguousEmail });
        continue;
      }
      memberId = matches[0]?.id ?? null;
    }
    // One row by customer id and another by email can still name the same member.
    const earlier = memberId ? rowOfMember.get(memberId) : undefined;
    if (earlier !== undefined) {
      errors.push({ row: row.row, column: row.customerId ? file.columnNames.customerId : file.columnNames.email, message: t.duplicate(earlier) });
      continue;
    }
    if (memberId) rowOfMember.set(memberId, row.row);
    rows.push({ ...row, memberId });
  }
  errors.sort((a, b) => a.row - b.row);

  const id = randomUUID();
  await prisma.importRun.create({
    data: {
      id,
      shop: upload.shop,
      fileName: upload.fileName,
      format: file.format,
      fileSha256: createHash("sha256").update(upload.bytes).digest("hex"),
      status: "checked",
      totalRows: rows.length,
      errors: JSON.stringify(errors),
      rows: JSON.stringify(rows),
      createdBy: upload.staff.name,
      createdAt: upload.now ?? new Date(),
    },
  });
  return { ok: true, runId: id };
}
