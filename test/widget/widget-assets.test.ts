// The theme app extension ships extensions/tally-widget/assets as committed (the Shopify CLI has no build step for
// theme extensions), so the committed assets must be what widget/src builds to, and within budget.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ASSETS, buildWidget, gzippedBytes, SCRIPT_BUDGET_BYTES, SCRIPT_BUDGET_GZIP_BYTES } from "../../scripts/build-widget.mjs";

const BLOCK = path.resolve(ASSETS, "../blocks/tally-widget.liquid");

describe("the storefront widget's assets", () => {
  it("are the build of widget/src (run `npm run build:widget` and commit when this fails)", async () => {
    const built = await buildWidget();
    for (const [name, text] of Object.entries(built)) {
      expect(readFileSync(path.join(ASSETS, name), "utf8"), name).toBe(text);
    }
  });

  it("keep the script within 10,000 bytes (Shopify's theme check) and 10 KB gzipped (issue 5)", async () => {
    const script = (await buildWidget())["tally-widget.js"];
    expect(Buffer.byteLength(script)).toBeLessThanOrEqual(SCRIPT_BUDGET_BYTES);
    expect(gzippedBytes(script)).toBeLessThanOrEqual(SCRIPT_BUDGET_GZIP_BYTES);
  });

  it("are what the app embed block loads, into the page body", () => {
    const schema = JSON.parse(/\{% schema %\}([\s\S]*?)\{% endschema %\}/.exec(readFileSync(BLOCK, "utf8"))?.[1] ?? "{}");
    expect(schema).toMatchObject({ target: "body", javascript: "tally-widget.js", stylesheet: "tally-widget.css" });
  });
});
