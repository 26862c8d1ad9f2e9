import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, normalizeHeader, readBalanceFile, MAX_IMPORT_ROWS, type BalanceFile } from "./balance-file";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/imports");
const bytes = (text: string) => new TextEncoder().encode(text);

function read(text: string): Extract<BalanceFile, { ok: true }> {
  const file = readBalanceFile(bytes(text));
  if (!file.ok) throw new Error(file.message);
  return file;
}

function failure(input: string | Uint8Array): string {
  const file = readBalanceFile(typeof input === "string" ? bytes(input) : input);
  if (file.ok) throw new Error("expected the file to be refused");
  return file.message;
}

describe("readBalanceFile", () => {
  it("reads Tally's format with customer ids, emails and notes", () => {
    const file = read("customer_id,email,points,note\n7391029854,ava@example.com,250,Welcome back\n,noah@example.com,0,\ngid://shopify/Customer/42,,10,\n");
    expect(file.format).toBe("generic");
    expect(file.errors).toEqual([]);
    expect(file.rows).toEqual([
      { row: 2, customerId: "7391029854", email: "ava@example.com", firstName: null, lastName: null, points: 250, note: "Welcome back" },
      { row: 3, customerId: null, email: "noah@example.com", firstName: null, lastName: null, points: 0, note: null },
      { row: 4, customerId: "42", email: null, firstName: null, lastName: null, points: 10, note: null },
    ]);
  });

  it("lists every bad row with its row number, column and a message, and keeps the good rows", () => {
    const file = read(
      [
        "Email,Points,Customer ID",
        "a@example.com,12,",
        "not-an-email,5,",
        "b@example.com,\"1,200\",",
        "c@example.com,2.5,",
        "d@example.com,-3,",
        ",7,",
        "A@EXAMPLE.COM,9,",
        "e@example.com,,",
        "f@example.com,250.0,1e12",
      ].join("\r\n"),
    );
    expect(file.rows.map((row) => row.row)).toEqual([2]);
    expect(file.errors).toEqual([
      { row: 3, column: "Email", message: "This is not an email address." },
      { row: 4, column: "Points", message: "Write the number without separators, for example 52620 rather than 52,620." },
      { row: 5, column: "Points", message: "Points must be a whole number, such as 250." },
      { row: 6, column: "Points", message: "A balance cannot be below zero." },
      { row: 7, column: "Customer ID", message: "Give a Shopify customer ID or an email address." },
      { row: 8, column: "Email", message: "This customer is already on row 2; each customer may appear once." },
      { row: 9, column: "Points", message: "Give the number of points." },
      { row: 10, column: "Customer ID", message: "A Shopify customer ID is a number, such as 7391029854." },
    ]);
  });

  it("reads a Smile.io customer export by email and points_balance", () => {
    const file = readBalanceFile(readFileSync(path.join(FIXTURES, "smile-customers.csv")));
    if (!file.ok) throw new Error(file.message);
    expect(file.format).toBe("smile");
    expect(file.dataRows).toBe(5);
    expect(file.rows.map(({ row, customerId, email, firstName, points }) => ({ row, customerId, email, firstName, points }))).toEqual([
      { row: 2, customerId: null, email: "ava.martin@example.com", firstName: "Ava", points: 1250 },
      { row: 3, customerId: null, email: "NOAH.KIM@example.com", firstName: "Noah", points: 40 },
      { row: 4, customerId: null, email: "liam@example.com", firstName: "O'Connor, Liam", points: 0 },
    ]);
    expect(file.errors.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 5, column: "email" },
      { row: 6, column: "points_balance" },
    ]);
  });

  it("reads a LoyaltyLion customer export by merchant_id, email and points_approved", () => {
    const file = readBalanceFile(readFileSync(path.join(FIXTURES, "loyaltylion-customers.csv")));
    if (!file.ok) throw new Error(file.message);
    expect(file.format).toBe("loyaltylion");
    expect(file.rows.map(({ row, customerId, email, points }) => ({ row, customerId, email, points }))).toEqual([
      { row: 2, customerId: "7391029854", email: "ava.martin@example.com", points: 800 },
      { row: 3, customerId: "7391029855", email: null, points: 150 },
      { row: 4, customerId: null, email: "noah.kim@example.com", points: 60 },
    ]);
    expect(file.errors.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 5, column: "merchant_id" },
      { row: 6, column: "points_approved" },
    ]);
  });

  it("reads semicolon files, a byte order mark and Windows-1252 text", () => {
    expect(read("\uFEFFemail;points;note\nzoe@example.com;5;Zoë\n").rows[0]).toMatchObject({ email: "zoe@example.com", points: 5, note: "Zoë" });
    const latin = Uint8Array.from([...bytes("email,points,note\nx@example.com,5,caf"), 0xe9, 0x0a]);
    const file = readBalanceFile(latin);
    expect(file.ok && file.rows[0]?.note).toBe("café");
  });

  it("refuses empty, binary, header-only, unrecognised and incomplete files with a message that says why", () => {
    expect(failure("")).toBe("The file is empty.");
    expect(failure("\n\n")).toBe("The file is empty.");
    expect(failure(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatch(/not a CSV file/);
    expect(failure("email,points\n")).toBe("The file has a header row but no customers below it.");
    expect(failure("name,balance\nAva,5\n")).toMatch(/^The columns \(name, balance\) do not match any format/);
    expect(failure("id,points_balance\n1,5\n")).toBe("This looks like a Smile.io file, but the column email is missing.");
    expect(failure("points,note\n5,x\n")).toBe("This looks like a Tally file, but the column customer_id or email is missing.");
    expect(failure('email,points\n"unterminated,5\n')).toMatch(/^The file could not be read as CSV/);
    expect(failure(`email,points\n${"x@example.com,1\n".repeat(MAX_IMPORT_ROWS + 1)}`)).toMatch(/more than 100,000 rows/);
  });
});

describe("formats", () => {
  it("recognises a format from its points column, whatever the header's case and spacing", () => {
    expect(normalizeHeader(" Points Balance ")).toBe("points_balance");
    expect(detectFormat(["Email", "Points balance"])).toBe("smile");
    expect(detectFormat(["merchant_id", "Points approved", "points"])).toBe("loyaltylion");
    expect(detectFormat(["customer_id", "points"])).toBe("generic");
    expect(detectFormat(["email", "balance"])).toBeNull();
  });
});
