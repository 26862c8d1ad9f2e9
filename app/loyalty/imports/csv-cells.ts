// Writing CSV for the exports: RFC 4180 quoting, and a guard against spreadsheet formula injection.
//
// A text cell that begins with = + - @ (or a tab or carriage return, which some spreadsheets skip before
// looking for one of those) is read as a formula by Excel, Google Sheets and LibreOffice when the file is
// opened, so a customer who names themselves `=HYPERLINK(...)` could run a formula on the merchant's machine.
// Following OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection), such text cells are written
// with a leading apostrophe, which spreadsheets show as plain text. Numbers are written as numbers, never
// guarded: a debit of -50 points must stay a number. The apostrophe is visible to a program that reads the file
// as data; docs/imports.md says so.

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One cell as CSV text: numbers as they are, text guarded against formulas and quoted when needed. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ended with CRLF as RFC 4180 asks. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
