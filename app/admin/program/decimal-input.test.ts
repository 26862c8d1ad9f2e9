import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal, parseWholeNumber } from "./decimal-input";

describe("parseDecimal", () => {
  it("reads amounts exactly, with or without decimals and thousands separators", () => {
    expect(parseDecimal("500", 2)).toBe(50_000);
    expect(parseDecimal("1.15", 2)).toBe(115);
    expect(parseDecimal("1.5", 2)).toBe(150);
    expect(parseDecimal("1,500.50", 2)).toBe(150_050);
    expect(parseDecimal(" 7. ", 2)).toBe(700);
    expect(parseDecimal("1200", 0)).toBe(1200);
  });

  it("refuses what is not an amount in this currency", () => {
    for (const text of ["", "abc", "-1", "1.234", "1e3", "$5", "1.2.3"]) expect(parseDecimal(text, 2), text).toBeNull();
    expect(parseDecimal("1.5", 0)).toBeNull();
    expect(parseDecimal("99999999999999999", 2)).toBeNull();
  });
});

describe("formatDecimal", () => {
  it("writes whole amounts without decimals and others with all of them", () => {
    expect(formatDecimal(50_000, 2)).toBe("500");
    expect(formatDecimal(150, 2)).toBe("1.50");
    expect(formatDecimal(105, 2)).toBe("1.05");
    expect(formatDecimal(125, 2)).toBe("1.25");
    expect(formatDecimal(1200, 0)).toBe("1200");
  });

  it("round-trips with parseDecimal", () => {
    for (const value of [0, 1, 99, 100, 12_345, 150_000]) expect(parseDecimal(formatDecimal(value, 2), 2)).toBe(value);
  });
});

describe("parseWholeNumber", () => {
  it("reads whole numbers, signed, with thousands separators", () => {
    expect(parseWholeNumber("1,000")).toBe(1000);
    expect(parseWholeNumber("-5")).toBe(-5);
    expect(parseWholeNumber("0")).toBe(0);
  });

  it("refuses fractions and words", () => {
    for (const text of ["", "1.5", "ten", "1e3"]) expect(parseWholeNumber(text), text).toBeNull();
  });
});
