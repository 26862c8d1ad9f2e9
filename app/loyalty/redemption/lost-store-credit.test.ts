import { describe, expect, it } from "vitest";
import { CLOCK_SKEW_MS, lostCreditAmong, type CreditSeen } from "./lost-store-credit";

const ASKED_AT = new Date("2026-12-07T10:00:00Z");
const at = (offsetMs: number) => new Date(ASKED_AT.getTime() + offsetMs);
const credit = (id: string, offsetMs: number, amount = "10.00", currencyCode = "USD"): CreditSeen => ({ id, createdAt: at(offsetMs), amount, currencyCode });
const asked = (claimed: string[] = []) => ({ amountMinor: 1_000, currencyCode: "USD", askedAt: ASKED_AT, claimed: new Set(claimed) });

describe("finding the store credit whose answer was lost", () => {
  it("takes the earliest credit of the amount made since Tally asked", () => {
    expect(lostCreditAmong([credit("b", 5_000), credit("a", 1_000), credit("c", 9_000)], asked())?.id).toBe("a");
  });

  it("reads the amount as money, in the currency's precision", () => {
    expect(lostCreditAmong([credit("a", 1_000, "10.0")], asked())?.id).toBe("a");
    expect(lostCreditAmong([credit("a", 1_000, "10.01")], asked())).toBeNull();
    expect(lostCreditAmong([credit("a", 1_000, "1000", "JPY")], { ...asked(), currencyCode: "JPY" })?.id).toBe("a");
    expect(lostCreditAmong([credit("a", 1_000, "not money")], asked())).toBeNull();
  });

  it("passes over other currencies, credits already claimed, and credits from before Tally asked", () => {
    expect(lostCreditAmong([credit("a", 1_000, "10.00", "EUR")], asked())).toBeNull();
    expect(lostCreditAmong([credit("a", 1_000), credit("b", 2_000)], asked(["a"]))?.id).toBe("b");
    expect(lostCreditAmong([credit("a", -CLOCK_SKEW_MS - 1)], asked())).toBeNull();
  });

  it("allows for Shopify's clock being a little behind", () => {
    expect(lostCreditAmong([credit("a", -CLOCK_SKEW_MS + 1)], asked())?.id).toBe("a");
  });

  it("finds nothing when Shopify made no credit", () => {
    expect(lostCreditAmong([], asked())).toBeNull();
  });
});
