// The pieces of the API client with rules of their own: how money is written, and when a redemption is retried
// with the same request id.
import { describe, expect, it } from "vitest";
import { decimalAmount, keepsRequestId } from "./shopper-api";

describe("decimalAmount", () => {
  it("writes the subtotal with the currency's decimals, whatever float arithmetic left behind", () => {
    expect(decimalAmount({ amount: 123.45, currencyCode: "USD" })).toBe("123.45");
    expect(decimalAmount({ amount: 0.1 + 0.2, currencyCode: "EUR" })).toBe("0.30");
    expect(decimalAmount({ amount: 1234, currencyCode: "JPY" })).toBe("1234");
    expect(decimalAmount({ amount: 1.5, currencyCode: "KWD" })).toBe("1.500");
  });
});

describe("keepsRequestId", () => {
  it("retries with the same id only when the answer was lost or the code is still being made", () => {
    expect(keepsRequestId("unavailable")).toBe(true);
    expect(keepsRequestId("redemption_in_progress")).toBe(true);
    expect(keepsRequestId("redemption_failed")).toBe(false);
    expect(keepsRequestId("insufficient_points")).toBe(false);
  });
});
