// Which sentence says where to redeem: the storefront widget always, then only the places the program names, and
// never the surface the shopper is on.
import { describe, expect, it } from "vitest";
import { redeemWhereKey } from "./redeem-where";

describe("redeemWhereKey", () => {
  it("on a page where nothing is redeemed (thank-you), names the widget and each of the shop's places", () => {
    expect(redeemWhereKey([], null)).toBe("redeemWhere.store");
    expect(redeemWhereKey(["checkout"], null)).toBe("redeemWhere.storeCheckout");
    expect(redeemWhereKey(["account"], null)).toBe("redeemWhere.storeAccount");
    expect(redeemWhereKey(["checkout", "account"], null)).toBe("redeemWhere.storeCheckoutAccount");
  });

  it("on a place to redeem, names the others only, as well as this one", () => {
    expect(redeemWhereKey([], "account")).toBe("redeemWhere.alsoStore");
    expect(redeemWhereKey(["account"], "account")).toBe("redeemWhere.alsoStore");
    expect(redeemWhereKey(["checkout", "account"], "account")).toBe("redeemWhere.alsoStoreCheckout");
    expect(redeemWhereKey(["checkout"], "checkout")).toBe("redeemWhere.alsoStore");
    expect(redeemWhereKey(["checkout", "account"], "checkout")).toBe("redeemWhere.alsoStoreAccount");
  });

  it("at a checkout that will not take a code, names the others without \"also\", and never checkout", () => {
    expect(redeemWhereKey(["checkout"], "checkout", false)).toBe("redeemWhere.store");
    expect(redeemWhereKey(["checkout", "account"], "checkout", false)).toBe("redeemWhere.storeAccount");
  });
});
