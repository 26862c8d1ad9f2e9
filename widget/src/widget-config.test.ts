import { describe, expect, it } from "vitest";
import { intlLocale } from "./locale";
import { readWidgetConfig } from "./widget-config";

describe("readWidgetConfig", () => {
  it("takes the block's settings", () => {
    expect(
      readWidgetConfig({
        position: "bottom-left",
        accent: "#ff0000",
        offset: "32",
        locale: "fr-CA",
        proxyPath: "/apps/tally/",
        loginUrl: "/fr/account/login",
        registerUrl: "/fr/account/register",
        cartUpdateUrl: "/fr/cart/update",
        panelUrl: "//cdn.shopify.com/extensions/0199/assets/tally-panel.js",
      }),
    ).toEqual({
      position: "bottom-left",
      accent: "#ff0000",
      offset: 32,
      proxyPath: "/apps/tally",
      requestLocale: "fr-CA",
      loginUrl: "/fr/account/login",
      registerUrl: "/fr/account/register",
      cartUpdateUrl: "/fr/cart/update",
      panelUrl: "//cdn.shopify.com/extensions/0199/assets/tally-panel.js",
    });
  });

  it("falls back to the defaults for missing or odd values, and keeps every link on the storefront", () => {
    expect(
      readWidgetConfig({ position: "top", accent: "url(x)", offset: "-5", proxyPath: "https://evil.example/x", loginUrl: "//evil.example", cartUpdateUrl: "https://evil.example/cart/update", panelUrl: "//evil.example/cdn.shopify.com/tally-panel.js" }),
    ).toEqual({
      position: "bottom-right",
      accent: "#1f2937",
      offset: 20,
      proxyPath: "/apps/tally",
      requestLocale: undefined,
      loginUrl: "/account/login",
      registerUrl: "/account/register",
      cartUpdateUrl: "/cart/update",
      // No panel script from elsewhere: the panel then offers its retry instead of running someone else's code.
      panelUrl: "",
    });
  });
});

describe("intlLocale", () => {
  it("refines the strings' language with the storefront's region", () => {
    expect(intlLocale("fr", "fr-CA")).toBe("fr-CA");
    expect(intlLocale("en", "en")).toBe("en");
  });

  it("keeps the strings' language when the storefront speaks one the widget has no strings for", () => {
    expect(intlLocale("en", "it")).toBe("en");
    expect(intlLocale("en", undefined)).toBe("en");
  });
});
