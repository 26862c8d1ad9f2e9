// What a merchant reads on the Import and export page. The import's own messages (a file or row it refuses, the
// memo of its transfers) are the import's output and live with it (app/loyalty/imports/import-messages.ts).
import { importMessages } from "~/loyalty/imports/import-messages";

/** "1 row", "2 rows": counts arrive formatted ("1,200"), so the plural is chosen from the text. */
const rows = (count: string) => `${count} ${count === "1" ? "row" : "rows"}`;
export const importStrings = {
  title: "Import and export",
  export: {
    heading: "Export",
    body: "Download your members with their balances, or every entry of the points ledger, as CSV files that open in a spreadsheet.",
    members: "Export members and balances",
    ledger: "Export the full ledger",
    failed: "The download did not complete. Try again.",
    formulaNote: "Text that a spreadsheet would run as a formula (starting with = + - or @) is written with a leading apostrophe.",
  },
  upload: {
    heading: "Import balances",
    body: "Bring points over from Smile.io, LoyaltyLion or your own spreadsheet. Tally checks the whole file first and shows every problem; nothing is written until you choose Import.",
    formats:
      "Accepted files: Tally's format (columns customer_id or email, points, and an optional note), a Smile.io customer export (email, points_balance) or a LoyaltyLion customer export (merchant_id, email, points_approved).",
    fileLabel: "CSV file",
    check: "Check file",
    tooLarge: (megabytes: number) => `The file is larger than ${megabytes} MB. Split it into smaller files and import them one by one.`,
    missingFile: "Choose a CSV file to check.",
    unreadable: "The upload did not arrive complete. Choose the file and check it again.",
  },
  file: importMessages.file,
  formats: importMessages.formats,
  row: importMessages.row,
  check: {
    heading: (file: string) => `Checked: ${file}`,
    format: (format: string) => `Format: ${format}`,
    summary: (valid: string, errors: string) => `${rows(valid)} ready to import, ${rows(errors)} with errors.`,
    newMembers: (count: string) =>
      count === "1"
        ? "1 of them is a customer who is not a member yet; they will become a member."
        : `${count} of them are customers who are not members yet; they will become members.`,
    alreadyImported: (date: string) => `This file was already imported on ${date}. Importing it again changes nothing.`,
    errorsHeading: "Rows with errors",
    errorsNote: "Rows with errors are left out of the import. Fix them and import the file again: rows already imported do not change.",
    errorsMore: (count: string) => `… and ${count} more ${count === "1" ? "error" : "errors"}.`,
    columns: { row: "Row", column: "Column", message: "Problem" },
    errorsResource: { singular: "row error", plural: "row errors" },
    importButton: (count: string) => `Import ${rows(count)}`,
    nothingToImport: "No row can be imported. Fix the errors and check the file again.",
  },
  run: {
    running: (file: string) => `Importing ${file}`,
    progress: (done: string, total: string) => `${done} of ${rows(total)}`,
    progressLabel: "Import progress",
    done: (file: string) => `Imported ${file}`,
    doneSummary: (imported: string, unchanged: string) =>
      `${imported} ${imported === "1" ? "balance" : "balances"} changed, ${unchanged} already up to date.`,
    failed: (file: string) => `The import of ${file} stopped before the end`,
    interrupted: "This import stopped before the end, for example because the app restarted. Resume it: rows already imported are not imported twice.",
    resume: "Resume import",
    notFound: "There is no such import for this shop.",
    notReady: "This import cannot be started: it has already run or is running.",
    memo: importMessages.memo,
  },
  history: {
    heading: "Recent imports",
    empty: "No imports yet.",
    columns: { date: "Date", file: "File", format: "Format", status: "Status", rows: "Rows", staff: "By" },
    status: { checked: "Checked, not imported", running: "Importing", done: "Imported", failed: "Stopped" } as Record<string, string>,
    resource: { singular: "import", plural: "imports" },
  },
} as const;
