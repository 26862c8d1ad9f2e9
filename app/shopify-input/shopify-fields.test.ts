// The bound on a money amount, at its edges: counted as a Number (shopify-fields.ts), it must refuse exactly what
// counting every digit refuses, for currencies with 0, 2 and 3 decimals and with leading zeros.
import { describe, expect, it } from "vitest";
import { money } from "./shopify-fields";

const problems = (amount: string | number, currency_code: string) => {
  const parsed = money.safeParse({ amount, currency_code });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe("a money amount's bound", () => {
  it.each([
    ["1000000.00", "USD"],
    ["1000000", "USD"],
    ["0001000000.00", "USD"],
    ["1000000.0000", "USD"],
    ["100000000", "JPY"],
    ["100000.000", "KWD"],
    [1000000, "USD"],
  ])("takes %j %s, the most Tally counts", (amount, currency) => {
    expect(problems(amount, currency)).toEqual([]);
  });

  it.each([
    ["1000000.01", "USD"],
    ["1000001", "USD"],
    ["00001000000.01", "USD"],
    ["100000001", "JPY"],
    ["100000.001", "KWD"],
    ["9999999999.99", "USD"],
    ["1" + "0".repeat(400), "USD"],
    [1000000.01, "USD"],
  ])("refuses %j %s", (amount, currency) => {
    expect(problems(amount, currency)).toEqual([expect.stringContaining("is more than Tally can count points for")]);
  });

  it("names the decimals a currency has before the bound", () => {
    expect(problems("1.001", "USD")).toEqual(["USD amounts have at most 2 decimals"]);
    expect(problems("1.50", "JPY")).toEqual(["JPY amounts have at most 0 decimals"]);
    expect(problems("1.500", "USD")).toEqual([]);
  });
});
