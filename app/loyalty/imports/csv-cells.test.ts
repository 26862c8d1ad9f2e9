import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv-cells";

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("Ava Martin")).toBe("Ava Martin");
    expect(csvCell(120)).toBe("120");
    expect(csvCell(-50)).toBe("-50");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes commas, quotes, line breaks and edge spaces", () => {
    expect(csvCell("Martin, Ava")).toBe('"Martin, Ava"');
    expect(csvCell('the "best" customer')).toBe('"the ""best"" customer"');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell(" padded ")).toBe('" padded "');
  });

  it("turns text that a spreadsheet would run as a formula into plain text", () => {
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) {
      expect(csvCell(formula).replace(/^"/, "").startsWith("'"), formula).toBe(true);
    }
    expect(csvCell("=HYPERLINK(\"http://x\",\"y\")")).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it("writes lines a CSV parser reads back to the same cells", () => {
    const cells = ["a,b", 'say "hi"', "two\r\nlines", 7, "", "café"];
    const text = csvLine(cells) + csvLine(["x", 1, null, "y", "z", "w"]);
    expect(parse(text)).toEqual([["a,b", 'say "hi"', "two\r\nlines", "7", "", "café"], ["x", "1", "", "y", "z", "w"]]);
  });
});
