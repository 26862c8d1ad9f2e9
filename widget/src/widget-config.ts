// The merchant's settings for the app embed, as the Liquid block writes them onto the root element's data-*
// attributes (extensions/tally-widget/blocks/tally-widget.liquid). Unknown or missing values fall back to defaults.
export interface WidgetConfig {
  position: "bottom-right" | "bottom-left";
  accent: string;
  /** Distance of the launcher from the bottom edge, in CSS pixels. */
  offset: number;
  /** Where the app proxy answers on this storefront (Shopify forwards it to the app). */
  proxyPath: string;
  /** The storefront's language as Shopify serves the page (`request.locale.iso_code`). */
  requestLocale: string | undefined;
  loginUrl: string;
  registerUrl: string;
  /** tally-panel.js on the theme's CDN (`asset_url`, protocol-relative), loaded when the shopper shows interest. */
  panelUrl: string;
  /** The Ajax Cart API's update route in the storefront's locale (`routes.cart_update_url`, no `.js`). */
  cartUpdateUrl: string;
}

type Dataset = Record<string, string | undefined>;

function sameOriginPath(value: string | undefined, fallback: string): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : fallback;
}

export function readWidgetConfig(dataset: Dataset): WidgetConfig {
  const offset = Number(dataset.offset);
  return {
    position: dataset.position === "bottom-left" ? "bottom-left" : "bottom-right",
    accent: /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(dataset.accent ?? "") ? (dataset.accent as string) : "#1f2937",
    offset: Number.isInteger(offset) && offset >= 0 && offset <= 200 ? offset : 20,
    proxyPath: sameOriginPath(dataset.proxyPath, "/apps/tally").replace(/\/+$/, ""),
    requestLocale: dataset.locale || undefined,
    loginUrl: sameOriginPath(dataset.loginUrl, "/account/login"),
    registerUrl: sameOriginPath(dataset.registerUrl, "/account/register"),
    cartUpdateUrl: sameOriginPath(dataset.cartUpdateUrl, "/cart/update"),
    // Shopify's CDN (`//cdn.shopify.com/…`) or the storefront itself; a script from anywhere else is not loaded.
    panelUrl: /^(https:)?\/\/cdn\.shopify\.com\//.test(dataset.panelUrl ?? "") ? (dataset.panelUrl as string) : sameOriginPath(dataset.panelUrl, ""),
  };
}
