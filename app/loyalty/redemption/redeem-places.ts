// Where a shop's shoppers can spend points, truthfully for its plan and settings (issue 13): the storefront
// widget's panel on every plan (through the app proxy); the checkout extension only on Shopify Plus, the one plan
// whose checkout renders `purchase.checkout.reductions.render-after`; the customer account page only with new
// customer accounts, the only accounts that render `customer-account.page.render`. A shop whose plan or accounts
// Tally has not read yet (installed before it asked) is told neither, rather than something that may be false.

export type CustomerAccounts = "new" | "classic";

/** The places besides the storefront widget, in the order shoppers are told them. */
export const REDEEM_PLACES = ["checkout", "account"] as const;
export type RedeemPlace = (typeof REDEEM_PLACES)[number];

export interface ShopSurfaces {
  shopifyPlus: boolean | null;
  customerAccounts: CustomerAccounts | null;
}

export function redeemPlaces(shop: ShopSurfaces): RedeemPlace[] {
  const places: RedeemPlace[] = [];
  if (shop.shopifyPlus === true) places.push("checkout");
  if (shop.customerAccounts === "new") places.push("account");
  return places;
}

/** Shopify's `CustomerAccountsVersion` as Tally stores it. */
export function customerAccountsOf(version: "CLASSIC" | "NEW_CUSTOMER_ACCOUNTS"): CustomerAccounts {
  return version === "NEW_CUSTOMER_ACCOUNTS" ? "new" : "classic";
}

/** A stored value read back; anything else (a column never written) is unknown. */
export function readCustomerAccounts(value: string | null): CustomerAccounts | null {
  return value === "new" || value === "classic" ? value : null;
}
