import { describe, expect, it } from "vitest";
import { isShopDomain } from "./shop-domain";
import { parseShopifyJson } from "./shopify-json";

describe("the Shopify JSON parser", () => {
  it("keeps integers beyond 2^53 as their exact digits and leaves every other value as JSON.parse reads it", () => {
    expect(parseShopifyJson('{"id":820982911946154508,"ids":[9007199254740993,-9007199254740993],"small":42,"price":12.5,"big":1e21,"ok":true}')).toEqual({
      id: "820982911946154508",
      ids: ["9007199254740993", "-9007199254740993"],
      small: 42,
      price: 12.5,
      big: 1e21,
      ok: true,
    });
  });

  it("reads bodies without such integers exactly as JSON.parse does, whichever way it parses them", () => {
    for (const text of ['{"id":4633803128990,"price":"12.50"}', '{"gid":"gid://shopify/Order/820982911946154508","id":9007199254740991}']) {
      expect(parseShopifyJson(text)).toEqual(JSON.parse(text));
    }
  });

  it("throws a SyntaxError on what is not JSON", () => {
    expect(() => parseShopifyJson("{not json")).toThrow(SyntaxError);
  });
});

describe("a shop domain", () => {
  it("is one lower-case <name>.myshopify.com", () => {
    expect(["tally-demo.myshopify.com", "a.myshopify.com", "shop2.myshopify.com"].every(isShopDomain)).toBe(true);
    for (const bad of ["a.myshopify.com, b.myshopify.com", "A.myshopify.com", "a.example.com", "a.myshopify.com/x", "a b.myshopify.com", "-a.myshopify.com", ".myshopify.com", `${"a".repeat(64)}.myshopify.com`, 42]) {
      expect(isShopDomain(bad), String(bad)).toBe(false);
    }
  });
});
