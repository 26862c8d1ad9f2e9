// What an import says about a file or a row it refuses, and the memo on the transfers it writes. They are kept
// with the run (its row errors), so they are part of what the import produces; the page shows them as they are.

/** Why a customer id and an email can disagree: the old app's own customer ids exported in place of Shopify's. */
const notShopifyIds = "Check that the file's customer IDs are Shopify's, not the previous app's own; this row is left out.";

export const importMessages = {
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
  memo: (file: string) => `Imported from ${file}`,
} as const;
