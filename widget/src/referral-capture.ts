// A friend who follows an advocate's link (/apps/tally/r/<CODE>) lands on `/?tally_ref=<CODE>` (docs/shopper-api.md):
// Shopify strips cookies from app proxy responses, so the code can only travel in the URL. Here it becomes the
// cart attribute `_tally_referral`, which the order carries to Tally's orders/paid webhook (the leading underscore
// keeps it out of the shopper's sight at checkout). Then the parameter leaves the address bar, so a reload, a
// bookmark or a link the friend shares on does not send it again. A failed update keeps it for the next page view.
const PARAM = "tally_ref";

export async function rememberReferral(cartUpdateUrl: string): Promise<void> {
  const url = new URL(location.href);
  const code = url.searchParams.get(PARAM);
  if (code === null) return;
  // Only what a referral code can look like reaches the cart; anything else is dropped with the parameter.
  if (/^[\w-]{3,40}$/.test(code)) {
    try {
      // Shopify's Ajax Cart API: https://shopify.dev/docs/api/ajax/reference/cart#post-locale-cart-update-js
      const response = await fetch(`${cartUpdateUrl}.js`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ attributes: { _tally_referral: code } }),
      });
      if (!response.ok) return;
    } catch {
      return;
    }
  }
  url.searchParams.delete(PARAM);
  history.replaceState(history.state, "", url.href);
}
