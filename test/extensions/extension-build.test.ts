// The app and its extensions build with the real Shopify CLI, offline, as `shopify app deploy` would build them;
// each UI extension stays within its size budget (printed here, recorded in docs/performance.md), talks to the
// app URL it was built with, and bundles Preact rather than React.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUDGETS_KB, buildExtensions, checkBudgets, parseBuildSizes, ROOT } from "../../scripts/extensions/extension-build.mjs";

const APP_URL = "https://tally-build-check.example";

describe("shopify app build", () => {
  let build: Awaited<ReturnType<typeof buildExtensions>>;

  beforeAll(async () => {
    build = await buildExtensions({ appUrl: APP_URL });
    console.log(["UI extension sizes (shopify app build):", ...checkBudgets(build.sizes).lines].join("\n"));
  }, 300_000);

  it("builds the app and every extension with the Shopify CLI, offline", () => {
    expect(build.output).toMatch(/tally-loyalty built!/);
    expect(Object.keys(build.sizes)).toEqual(expect.arrayContaining(Object.keys(BUDGETS_KB)));
  });

  it("keeps every UI extension within its compressed size budget", () => {
    expect(checkBudgets(build.sizes).problems).toEqual([]);
  });

  it.each(Object.keys(BUDGETS_KB))("bakes the app URL into %s and bundles Preact, not React", (handle) => {
    const bundle = readFileSync(path.join(ROOT, "extensions", handle, "dist", `${handle}.js`), "utf8");
    expect(bundle).toContain(APP_URL);
    expect(bundle).not.toContain("process.env");
    expect(bundle).not.toContain("react.element");
  });
});

describe("parseBuildSizes", () => {
  it("reads the CLI's size line even when the CLI wrapped it", () => {
    const output = [
      "           tally-checkout │ Bundling UI extension tally-checkout...",
      "           tally-checkout │ tally-checkout successfully built in 458ms (37.0 KB",
      "original, ~12.2 KB compressed)",
      "tally-account-page │ tally-account-page successfully built in 1.2s (812 B original, ~0.5 KB compressed)",
    ].join("\n");
    expect(parseBuildSizes(output)).toEqual({
      "tally-checkout": { originalKb: 37, compressedKb: 12.2 },
      "tally-account-page": { originalKb: 812 / 1024, compressedKb: 0.5 },
    });
  });

  it("fails a budget it has no size for, or one that is exceeded", () => {
    const { problems } = checkBudgets({ "tally-checkout": { originalKb: 90, compressedKb: 25 } }, { "tally-checkout": 20, "tally-thank-you": 20 });
    expect(problems).toEqual(["tally-checkout: 25 KB compressed is over its 20 KB budget", "tally-thank-you: the build printed no size for it"]);
  });
});
