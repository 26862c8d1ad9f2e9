import { describe, expect, it } from "vitest";
import { customerAccountsOf, readCustomerAccounts, redeemPlaces } from "./redeem-places";

describe("redeemPlaces", () => {
  it("names checkout on Shopify Plus only and the account page with new customer accounts only", () => {
    expect(redeemPlaces({ shopifyPlus: false, customerAccounts: "classic" })).toEqual([]);
    expect(redeemPlaces({ shopifyPlus: true, customerAccounts: "classic" })).toEqual(["checkout"]);
    expect(redeemPlaces({ shopifyPlus: false, customerAccounts: "new" })).toEqual(["account"]);
    expect(redeemPlaces({ shopifyPlus: true, customerAccounts: "new" })).toEqual(["checkout", "account"]);
  });

  it("names neither for a shop whose plan and accounts are not known yet", () => {
    expect(redeemPlaces({ shopifyPlus: null, customerAccounts: null })).toEqual([]);
  });

  it("reads Shopify's customer accounts version and the stored value", () => {
    expect(customerAccountsOf("NEW_CUSTOMER_ACCOUNTS")).toBe("new");
    expect(customerAccountsOf("CLASSIC")).toBe("classic");
    expect(readCustomerAccounts("new")).toBe("new");
    expect(readCustomerAccounts(null)).toBeNull();
    expect(readCustomerAccounts("legacy")).toBeNull();
  });
});
