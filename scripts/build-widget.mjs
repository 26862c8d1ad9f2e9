// npm run build:widget — compiles the storefront widget (widget/src, plain TypeScript and CSS) into the theme app
// extension's three assets in extensions/tally-widget/assets: tally-widget.js (the launcher every page loads, from
// widget/src/main.ts), tally-panel.js (the open panel, loaded on interest, from widget/src/panel/panel.ts) and
// tally-widget.css. It prints their sizes and fails when either script is over either budget: 10 KB gzipped
// (docs/storefront-widget.md) and 10,000 bytes as written, the limit the Shopify CLI's theme check applies to an app
// block's script (AssetSizeAppBlockJavaScript, an error at `shopify app build`). The panel is not the block's
// `javascript`, so the theme check does not measure it, but it is held to the same budgets: it is what a shopper
// waits for after pointing at the launcher.
//
// The assets are committed: the Shopify CLI uploads a theme app extension's assets/ as they are, with no build step
// of its own, so a deploy from a fresh clone must find them current. `npm run build` and `npm test` rewrite them,
// and test/widget/widget-assets.test.ts fails when they differ from what the sources build to.
//
//   node scripts/build-widget.mjs                  build, write, print sizes
//   node scripts/build-widget.mjs --check          build in memory; exit 1 when the assets on disk are stale
//   node scripts/build-widget.mjs --fail-if-stale  build and write, then exit 1 if that changed them (npm test:
//                                                  the tests run on fresh assets, and a commit without its rebuilt
//                                                  assets fails in CI)
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = path.join(ROOT, "widget/src");
export const ASSETS = path.join(ROOT, "extensions/tally-widget/assets");
export const SCRIPT_BUDGET_GZIP_BYTES = 10 * 1024;
export const SCRIPT_BUDGET_BYTES = 10_000;

const BANNER = "/* Tally storefront widget. Built from widget/src by scripts/build-widget.mjs: edit the sources, not this file. */";
// Storefront shoppers' browsers: what Shopify's themes support (the last two versions of the evergreen browsers).
const TARGET = ["es2020", "chrome109", "firefox115", "safari15"];

/** The scripts, each held to the budgets: the launcher on every page, the panel on interest. */
export const SCRIPTS = ["tally-widget.js", "tally-panel.js"];

/** The three assets as the sources build them now, without writing anything. */
export async function buildWidget() {
  const common = { bundle: true, minify: true, write: false, target: TARGET, legalComments: "none", charset: "utf8", logLevel: "silent" };
  const script = (entry) => esbuild.build({ ...common, entryPoints: [path.join(SOURCE, entry)], format: "iife", banner: { js: BANNER } });
  const [launcher, panel, style] = await Promise.all([
    script("main.ts"),
    script("panel/panel.ts"),
    esbuild.build({ ...common, entryPoints: [path.join(SOURCE, "widget.css")], banner: { css: BANNER } }),
  ]);
  const text = (result) => new TextDecoder().decode(result.outputFiles[0].contents);
  return { "tally-widget.js": text(launcher), "tally-panel.js": text(panel), "tally-widget.css": text(style) };
}

export const gzippedBytes = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

async function main() {
  const check = process.argv.includes("--check");
  const failIfStale = process.argv.includes("--fail-if-stale");
  const assets = await buildWidget();
  let failed = false;
  for (const [name, text] of Object.entries(assets)) {
    const file = path.join(ASSETS, name);
    const gzip = gzippedBytes(text);
    const bytes = Buffer.byteLength(text);
    const script = SCRIPTS.includes(name);
    const budget = script ? ` (budgets: ${SCRIPT_BUDGET_BYTES} bytes, ${SCRIPT_BUDGET_GZIP_BYTES} gzipped)` : "";
    console.log(`widget: ${name.padEnd(17)} ${String(bytes).padStart(6)} bytes, ${String(gzip).padStart(5)} gzipped${budget}`);
    if (script && (bytes > SCRIPT_BUDGET_BYTES || gzip > SCRIPT_BUDGET_GZIP_BYTES)) {
      console.error(`widget: ${name} is over budget: ${bytes} bytes (at most ${SCRIPT_BUDGET_BYTES}), ${gzip} gzipped (at most ${SCRIPT_BUDGET_GZIP_BYTES})`);
      failed = true;
    }
    const stale = !existsSync(file) || readFileSync(file, "utf8") !== text;
    if (!check) writeFileSync(file, text);
    if (stale && (check || failIfStale)) {
      const fix = check ? "run `npm run build:widget` and commit it" : "rebuilt now; commit it";
      console.error(`widget: ${path.relative(ROOT, file)} was not the build of widget/src: ${fix}`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
