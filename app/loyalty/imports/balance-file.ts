// Reading a balances file for import: the CSV is parsed, its format recognised from the header row (Tally's own,
// a Smile.io customer export or a LoyaltyLion customer export; docs/imports.md has the mapping), and every row
// validated, so the dry run can list every problem before anything is written. No I/O here: matching the rows
// to members is import-check.server.ts's job.
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { MAX_TRANSFER_POINTS } from "~/loyalty/ledger/validate-request";
import { importMessages } from "./import-messages";

const t = importMessages;

export const MAX_IMPORT_ROWS = 100_000;
export const MAX_NOTE_LENGTH = 200;

export type ImportFormat = "generic" | "smile" | "loyaltylion";

/** One customer's balance as the file states it. */
export interface BalanceRow {
  /** The row number a spreadsheet shows for it: the header is row 1. */
  row: number;
  /** Shopify's numeric customer id. */
  customerId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** The balance the customer should have from imports: a whole number of points, zero or more. */
  points: number;
  note: string | null;
}

export interface RowError {
  row: number;
  /** The column's header as written in the file. */
  column: string;
  message: string;
}

export type BalanceFile =
  | {
      ok: true;
      format: ImportFormat;
      rows: BalanceRow[];
      errors: RowError[];
      dataRows: number;
      /** The headers of the customer id and email columns as the file writes them, for later row errors. */
      columnNames: { customerId: string; email: string };
    }
  | { ok: false; message: string };

type Field = "customerId" | "email" | "firstName" | "lastName" | "points" | "note";

/** Header names per format, after normalizeHeader, in order of preference. */
const COLUMNS: Record<ImportFormat, Partial<Record<Field, string[]>>> = {
  generic: {
    customerId: ["customer_id", "shopify_customer_id"],
    email: ["email", "email_address"],
    firstName: ["first_name"],
    lastName: ["last_name"],
    points: ["points"],
    note: ["note", "memo"],
  },
  // Smile's customer export and its customer object (https://dev.smile.io/api/resources/customers/customer-object):
  // its `id` is Smile's own customer id, not Shopify's, so Smile rows are matched by email.
  smile: {
    email: ["email", "email_address"],
    firstName: ["first_name"],
    lastName: ["last_name"],
    points: ["points_balance"],
  },
  // LoyaltyLion's customer export and its customer resource (https://developers.loyaltylion.com/api/resources/customers/):
  // `merchant_id` is the customer's id on the store platform, i.e. Shopify's customer id.
  loyaltylion: {
    customerId: ["merchant_id", "customer_merchant_id", "shopify_customer_id", "customer_id"],
    email: ["email", "email_address"],
    firstName: ["first_name"],
    lastName: ["last_name"],
    points: ["points_approved", "approved_points"],
  },
};

/** "Points balance", "points_balance" and " POINTS-BALANCE " are the same column. */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export function detectFormat(headers: readonly string[]): ImportFormat | null {
  const names = new Set(headers.map(normalizeHeader));
  const has = (format: ImportFormat) => (COLUMNS[format].points ?? []).some((name) => names.has(name));
  if (has("loyaltylion")) return "loyaltylion";
  if (has("smile")) return "smile";
  if (has("generic")) return "generic";
  return null;
}

/** Text of a file: UTF-8 (with or without BOM), else Windows-1252, which Excel on Windows writes as "CSV". */
export function decodeFile(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Excel writes semicolons where the comma is the decimal separator; a header line without commas tells. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.includes(",")) return ",";
  if (firstLine.includes(";")) return ";";
  if (firstLine.includes("\t")) return "\t";
  return ",";
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === "" ? null : value));

const customerIdSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    // Admin API ids (gid://shopify/Customer/123) and plain ids are both Shopify's.
    const id = value.replace(/^gid:\/\/shopify\/Customer\//, "");
    if (!/^\d{1,20}$/.test(id)) {
      ctx.addIssue({ code: "custom", message: t.row.badCustomerId });
      return z.NEVER;
    }
    return id;
  });

const emailSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    if (!z.email().safeParse(value).success) {
      ctx.addIssue({ code: "custom", message: t.row.badEmail });
      return z.NEVER;
    }
    return value;
  });

const pointsSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (value === "") return fail(t.row.pointsRequired);
    if (/^-?\d{1,3}([,.\s']\d{3})+$/.test(value)) return fail(t.row.pointsThousands);
    // Spreadsheets like to write 250 as 250.0; that is still a whole number.
    const whole = /^([+-]?\d+)(\.0+)?$/.exec(value);
    if (!whole?.[1]) return fail(t.row.pointsNotWhole);
    const points = Number(whole[1]);
    if (points < 0) return fail(t.row.pointsNegative);
    if (points > MAX_TRANSFER_POINTS) return fail(t.row.pointsTooLarge(MAX_TRANSFER_POINTS.toLocaleString("en-US")));
    return points;
  });

const rowSchema = z.object({
  customerId: customerIdSchema,
  email: emailSchema,
  firstName: optionalText(100),
  lastName: optionalText(100),
  points: pointsSchema,
  note: z
    .string()
    .trim()
    .max(MAX_NOTE_LENGTH, { error: t.row.noteTooLong(MAX_NOTE_LENGTH) })
    .transform((value) => (value === "" ? null : value)),
});

const FIELDS: readonly Field[] = ["customerId", "email", "firstName", "lastName", "points", "note"];

/** Parses and validates a balances file. Row problems are listed, not thrown; only an unreadable file fails whole. */
export function readBalanceFile(bytes: Uint8Array): BalanceFile {
  if (bytes.length === 0) return { ok: false, message: t.file.empty };
  const text = decodeFile(bytes);
  if (text === null) return { ok: false, message: t.file.notText };
  if (text.trim() === "") return { ok: false, message: t.file.empty };

  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, "")),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      to: MAX_IMPORT_ROWS + 2,
    }) as string[][];
  } catch (error) {
    return { ok: false, message: t.file.notCsv((error as Error).message) };
  }
  const [headers, ...data] = records;
  if (!headers) return { ok: false, message: t.file.empty };
  if (data.length === 0) return { ok: false, message: t.file.noRows };
  if (data.length > MAX_IMPORT_ROWS) return { ok: false, message: t.file.tooManyRows(MAX_IMPORT_ROWS.toLocaleString("en-US")) };

  const format = detectFormat(headers);
  if (!format) return { ok: false, message: t.file.unknownFormat(headers.map((header) => header.trim()).join(", ")) };

  // Where each field is in the file: the first header that names it.
  const normalized = headers.map(normalizeHeader);
  const position = {} as Record<Field, number>;
  for (const field of FIELDS) {
    const names = COLUMNS[format][field] ?? [];
    const index = names.map((name) => normalized.indexOf(name)).find((found) => found >= 0);
    position[field] = index ?? -1;
  }
  const formatName = t.formats[format] ?? format;
  if (format === "smile" && position.email < 0) return { ok: false, message: t.file.missingColumns(formatName, "email") };
  if (position.customerId < 0 && position.email < 0) {
    const wanted = format === "loyaltylion" ? "merchant_id or email" : "customer_id or email";
    return { ok: false, message: t.file.missingColumns(formatName, wanted) };
  }
  const headerOf = (field: Field) => {
    const index = position[field];
    return index >= 0 ? (headers[index] ?? "").trim() : (COLUMNS[format][field]?.[0] ?? field);
  };

  const rows: BalanceRow[] = [];
  const errors: RowError[] = [];
  const seenCustomer = new Map<string, number>();
  const seenEmail = new Map<string, number>();
  data.forEach((record, index) => {
    const row = index + 2;
    const cell = (field: Field) => (position[field] >= 0 ? (record[position[field]] ?? "") : "");
    const parsed = rowSchema.safeParse(Object.fromEntries(FIELDS.map((field) => [field, cell(field)])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row, column: headerOf(issue.path[0] as Field), message: issue.message });
      }
      return;
    }
    const value = parsed.data;
    if (!value.customerId && !value.email) {
      errors.push({ row, column: headerOf(position.customerId >= 0 ? "customerId" : "email"), message: t.row.noCustomer });
      return;
    }
    const earlier = (value.customerId ? seenCustomer.get(value.customerId) : undefined) ?? (value.email ? seenEmail.get(value.email.toLowerCase()) : undefined);
    if (earlier !== undefined) {
      errors.push({ row, column: headerOf(value.customerId ? "customerId" : "email"), message: t.row.duplicate(earlier) });
      return;
    }
    if (value.customerId) seenCustomer.set(value.customerId, row);
    if (value.email) seenEmail.set(value.email.toLowerCase(), row);
    rows.push({ row, ...value });
  });
  return { ok: true, format, rows, errors, dataRows: data.length, columnNames: { customerId: headerOf("customerId"), email: headerOf("email") } };
}
