// The theme app extension ships extensions/tally-widget/assets as committed (the Shopify CLI has no build step for
// theme extensions), so the committed assets must be what widget/src builds to, and within budget.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ASSETS, buildWidget, gzippedBytes, SCRIPT_BUDGET_BYTES, SCRIPT_BUDGET_GZIP_BYTES, SCRIPTS } from "../../scripts/build-widget.mjs";

const BLOCK = path.resolve(ASSETS, "../blocks/tally-widget.liquid");

describe("the storefront widget's assets", () => {
  it("are the build of widget/src (run `npm run build:widget` and commit when this fails)", async () => {
    const built = await buildWidget();
    for (const [name, text] of Object.entries(built)) {
      expect(readFileSync(path.join(ASSETS, name), "utf8"), name).toBe(text);
    }
  });

  it.each(["tally-widget.js", "tally-panel.js"] as const)("keep %s within 10,000 bytes (Shopify's theme check) and 10 KB gzipped (issue 5)", async (name) => {
    expect(SCRIPTS).toContain(name);
    const script = (await buildWidget())[name] ?? "";
    expect(script).not.toBe("");
    expect(Buffer.byteLength(script)).toBeLessThanOrEqual(SCRIPT_BUDGET_BYTES);
    expect(gzippedBytes(script)).toBeLessThanOrEqual(SCRIPT_BUDGET_GZIP_BYTES);
  });

  it("keep the panel out of the launcher every page loads", async () => {
    const built = await buildWidget();
    // The panel's own words and readers: the launcher names none of them.
    for (const panelOnly of ["earnPurchase", "referralOffer", "signedIn", "/invite"]) {
      expect(built["tally-widget.js"], panelOnly).not.toContain(panelOnly);
      expect(built["tally-panel.js"], panelOnly).toContain(panelOnly);
    }
  });

  it("are what the app embed block loads: the launcher and stylesheet into the page body, the panel by its CDN address", () => {
    const block = readFileSync(BLOCK, "utf8");
    const schema = JSON.parse(/\{% schema %\}([\s\S]*?)\{% endschema %\}/.exec(block)?.[1] ?? "{}");
    expect(schema).toMatchObject({ target: "body", javascript: "tally-widget.js", stylesheet: "tally-widget.css" });
    expect(block).toContain(`data-panel-url="{{ 'tally-panel.js' | asset_url }}"`);
  });
});
