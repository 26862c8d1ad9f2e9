// What a merchant reads on the Import and export page and in the row errors of a dry run.

/** "1 row", "2 rows": counts arrive formatted ("1,200"), so the plural is chosen from the text. */
const rows = (count: string) => `${count} ${count === "1" ? "row" : "rows"}`;
/** Why a customer id and an email can disagree: the old app's own customer ids exported in place of Shopify's. */
const notShopifyIds = "Check that the file's customer IDs are Shopify's, not the previous app's own; this row is left out.";

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
  file: {
    empty: "The file is empty.",
    noRows: "The file has a header row but no customers below it.",
    notText: "This is not a CSV file: it contains binary data. Export or save the file as CSV (comma-separated values) and try again.",
    notCsv: (reason: string) => `The file could not be read as CSV: ${reason}`,
    tooManyRows: (max: string) => `The file has more than ${max} rows. Split it into smaller files and import them one by one.`,
    unknownFormat: (headers: string) =>
      `The columns (${headers}) do not match any format Tally imports. Tally's own format needs a points column and a customer_id or email column; Smile.io exports have email and points_balance; LoyaltyLion exports have email or merchant_id and points_approved.`,
    missingColumns: (format: string, columns: string) => `This looks like a ${format} file, but the column ${columns} is missing.`,
  },
  formats: { generic: "Tally", smile: "Smile.io", loyaltylion: "LoyaltyLion" } as Record<string, string>,
  row: {
    noCustomer: "Give a Shopify customer ID or an email address.",
    badEmail: "This is not an email address.",
    badCustomerId: "A Shopify customer ID is a number, such as 7391029854.",
    pointsRequired: "Give the number of points.",
    pointsThousands: "Write the number without separators, for example 52620 rather than 52,620.",
    pointsNotWhole: "Points must be a whole number, such as 250.",
    pointsNegative: "A balance cannot be below zero.",
    pointsTooLarge: (max: string) => `Points must be at most ${max}.`,
    noteTooLong: (max: number) => `A note can be at most ${max} characters long.`,
    duplicate: (row: number) => `This customer is already on row ${row}; each customer may appear once.`,
    unknownEmail: "No member has this email address. Add the customer's Shopify customer ID so Tally can create the member.",
    ambiguousEmail: "More than one member has this email address. Give the Shopify customer ID instead.",
    idHasOtherEmail: (customerId: string, known: string, given: string) =>
      `Customer ID ${customerId} belongs to ${known} in Tally, but this row gives ${given}. ${notShopifyIds}`,
    emailHasOtherId: (email: string, known: string, given: string) =>
      `${email} is Shopify customer ${known} in Tally, but this row gives customer ID ${given}. ${notShopifyIds}`,
    // Names neither the id nor the email: the error is kept with the run, and nothing may name an erased customer.
    redacted: "Shopify asked Tally to erase this customer's personal data, so Tally does not import them again; this row is left out.",
  },
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
    memo: (file: string) => `Imported from ${file}`,
  },
  history: {
    heading: "Recent imports",
    empty: "No imports yet.",
    columns: { date: "Date", file: "File", format: "Format", status: "Status", rows: "Rows", staff: "By" },
    status: { checked: "Checked, not imported", running: "Importing", done: "Imported", failed: "Stopped" } as Record<string, string>,
    resource: { singular: "import", plural: "imports" },
  },
} as const;
