// Where a shopper can spend points, as each extension says it (docs/decisions/049-where-to-redeem-on-every-surface.md):
// the storefront widget's Rewards button on every plan (it redeems through the app proxy), and besides it only the
// places the program's `redeemAt` names (checkout on Shopify Plus, the account page with new customer accounts;
// app/loyalty/redemption/redeem-places.ts). A surface that is itself a place to redeem is not named again: it says
// "you can also…" of the others. The sentences are shared strings (extensions/shared/strings, group `redeemWhere`).
import { REDEEM_PLACES, type RedeemPlace } from "../../app/loyalty/redemption/redeem-places";

const capitalised = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/**
 * The key of the sentence for a shopper on a surface: `here` is the place the surface itself is (the checkout
 * extension at checkout, the account page and the order-status block, which links to it, in the account), null
 * for a surface where nothing is redeemed (the thank-you page). E.g. `redeemWhere.storeCheckout` on a Plus shop's
 * thank-you page, `redeemWhere.alsoStore` on the account page of a shop not on Plus. `redeemsHere` false is a place
 * that cannot redeem this time (a checkout that will not take a discount code): the others, without "also".
 */
export function redeemWhereKey(redeemAt: readonly RedeemPlace[], here: RedeemPlace | null, redeemsHere = true): string {
  const elsewhere = REDEEM_PLACES.filter((place) => place !== here && redeemAt.includes(place));
  const places = `Store${elsewhere.map(capitalised).join("")}`;
  return here !== null && redeemsHere ? `redeemWhere.also${places}` : `redeemWhere.${places.charAt(0).toLowerCase()}${places.slice(1)}`;
}
