// The app and its extensions build with the real Shopify CLI, offline, as `shopify app deploy` would build them;
// each UI extension stays within its size budget (printed here, recorded in docs/performance.md), talks to the
// app URL it was built with, and bundles Preact rather than React; theme check finds no error in the storefront
// widget (the CLI exits 0 and says "built!" even when it does, so the output is read).
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BUDGETS_KB,
  buildExtensions,
  checkBudgets,
  parseBuildSizes,
  parseThemeCheckOffenses,
  ROOT,
  themeCheckText,
} from "../../scripts/extensions/extension-build.mjs";

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

  it("passes theme check on the storefront widget without an error", () => {
    expect(build.output).toMatch(/Running theme check on your Theme app extension/);
    expect(build.themeCheckErrors.map(themeCheckText)).toEqual([]);
  });

  it.each(Object.keys(BUDGETS_KB))("bakes the app URL into %s and bundles Preact, not React", (handle) => {
    const bundle = readFileSync(path.join(ROOT, "extensions", handle, "dist", `${handle}.js`), "utf8");
    expect(bundle).toContain(APP_URL);
    expect(bundle).not.toContain("process.env");
    expect(bundle).not.toContain("react.element");
  });
});

/** A copy of the app holding only one extension, with one of its files edited: a problem the real CLI must find. */
function appWithOnly(extension: string, file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `tally-${extension}-check-`));
  for (const name of ["shopify.app.toml", "package.json"]) cpSync(path.join(ROOT, name), path.join(dir, name));
  cpSync(path.join(ROOT, "extensions", extension), path.join(dir, "extensions", extension), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const target = path.join(dir, "extensions", extension, file);
  writeFileSync(target, edit(readFileSync(target, "utf8")));
  return dir;
}

describe("a theme check error", () => {
  // A copy of the app holding only the widget, with a block that asks for a string no locale file has: the same
  // CLI run must report it (it still exits 0), or the check above could never fail.
  let dir: string;

  beforeAll(() => {
    dir = appWithOnly("tally-widget", "blocks/tally-widget.liquid", (block) =>
      block.replace("<script type=\"application/json\"", "<p>{{ 'widget.no_such_string' | t }}</p>\n  <script type=\"application/json\""),
    );
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it("is found in the real CLI's output, though the build exits 0", async () => {
    const { themeCheckErrors } = await buildExtensions({ root: dir, appUrl: APP_URL });
    expect(themeCheckErrors).toEqual([
      {
        handle: "tally-rewards-widget",
        severity: "error",
        check: "TranslationKeyExists",
        message: "'widget.no_such_string' does not have a matching entry in 'locales/en.default.json'",
      },
    ]);
  }, 120_000);
});

describe("a Flow trigger the CLI refuses", () => {
  // A copy of the app holding only the "points earned" trigger, with a field key Flow does not allow (trigger keys
  // are letters and spaces): the same CLI run must fail on it, so that the build above also vouches for the Flow
  // extensions' declarations (docs/flow.md).
  let dir: string;

  beforeAll(() => {
    dir = appWithOnly("tally-flow-points-earned", "shopify.extension.toml", (toml) => toml.replace('key = "Order ID"', 'key = "order_id"'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it("fails the build, naming the rule", async () => {
    const failure = await buildExtensions({ root: dir, appUrl: APP_URL }).then(
      () => "the build succeeded",
      // The CLI prints its error in a box, wrapped at its width: read it as one line.
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`.replace(/[│╭╮╰╯─]/g, " ").replace(/\s+/g, " "),
    );
    expect(failure).toContain('"message": "String must contain only alphabetic characters and spaces", "path": [ "key" ]');
  }, 120_000);
});

describe("parseThemeCheckOffenses", () => {
  // `shopify app build` output, verbatim, for a widget with a parser-blocking remote script, a 25 KB script and a
  // missing translation: errors and a warning, wrapped at 80 columns, between the UI extensions' size lines.
  const output = readFileSync(path.join(ROOT, "test/fixtures/shopify-cli/app-build-theme-check-errors.txt"), "utf8");

  it("reads every offense with its check and message, wrapped lines joined", () => {
    expect(parseThemeCheckOffenses(output)).toEqual([
      { handle: "tally-rewards-widget", severity: "error", check: "ParserBlockingScript", message: "Avoid parser blocking scripts by adding `defer` or `async` on this tag" },
      { handle: "tally-rewards-widget", severity: "warning", check: "RemoteAsset", message: "Asset should be served by the Shopify CDN for better performance." },
      {
        handle: "tally-rewards-widget",
        severity: "error",
        check: "AssetSizeAppBlockJavaScript",
        message: "The file size for 'tally-widget.js' (25512 B) exceeds the configured threshold (10000 B)",
      },
      { handle: "tally-rewards-widget", severity: "error", check: "TranslationKeyExists", message: "'widget.nope_missing' does not have a matching entry in 'locales/en.default.json'" },
    ]);
  });

  it("still reads the UI extensions' sizes printed between the offenses", () => {
    expect(parseBuildSizes(output)).toEqual({
      "tally-checkout": { originalKb: 31.4, compressedKb: 10.5 },
      "tally-thank-you": { originalKb: 28.3, compressedKb: 9.9 },
      "tally-account-page": { originalKb: 32.8, compressedKb: 11 },
    });
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
