// Builds every extension with the real Shopify CLI (`shopify app build`, offline) and measures the UI extensions
// the way Shopify does: the CLI prints "X KB original, ~Y KB compressed" per extension, and Shopify refuses a UI
// extension over 64 KB compressed. Tally's own budgets are tighter (docs/performance.md, "Extension sizes"). The same build runs theme check on
// the storefront widget and exits 0 whatever it finds, so its errors are read from the output too.
// `npm run build:extensions` prints the table and fails over budget or on a theme check error;
// test/extensions/extension-build.test.ts runs the same build in `npm test`.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** @typedef {{ originalKb: number, compressedKb: number }} ExtensionSize */

/** Compressed size budgets in KB, per UI extension handle. @type {Record<string, number>} */
export const BUDGETS_KB = {
  "tally-checkout": 20,
  // The thank-you page is checkout too: same budget as the checkout extension.
  "tally-thank-you": 20,
  "tally-account-page": 40,
  // A block on the order-status page, like the thank-you block: the same budget.
  "tally-order-status": 20,
};

const SHOPIFY_LIMIT_KB = 64;

/** shopify.app.toml's application_url: where the extensions reach Tally when APP_URL is not set. */
export function applicationUrl(root = ROOT) {
  const toml = readFileSync(path.join(root, "shopify.app.toml"), "utf8");
  const match = toml.match(/^application_url\s*=\s*"([^"]+)"/m);
  if (!match) throw new Error("shopify.app.toml has no application_url");
  return match[1];
}

function clientId(root) {
  const match = readFileSync(path.join(root, "shopify.app.toml"), "utf8").match(/^client_id\s*=\s*"([^"]+)"/m);
  if (!match) throw new Error("shopify.app.toml has no client_id");
  return match[1];
}

const UNIT = { B: 1 / 1024, KB: 1, MB: 1024 };

/**
 * The CLI's output as each extension printed it: "<handle> │ <text>" lines with colours removed, and the lines the
 * CLI wrapped at its terminal width (continuations carry no "<handle> │" prefix) joined back to the line they
 * continue. A blank line ends a line's continuations.
 * @param {string} output
 * @returns {{ handle: string, text: string }[]}
 */
function cliLines(output) {
  /** @type {{ handle: string, text: string }[]} */
  const lines = [];
  let open = false;
  // eslint-disable-next-line no-control-regex
  for (const raw of output.replace(/\u001b\[[0-9;]*m/g, "").split("\n")) {
    const prefixed = raw.match(/^\s*(\S+)\s+│\s?(.*)$/);
    const last = lines.at(-1);
    if (prefixed) {
      lines.push({ handle: prefixed[1], text: prefixed[2].trim() });
      open = prefixed[2].trim() !== "";
    } else if (open && last && raw.trim() !== "") {
      last.text = `${last.text} ${raw.trim()}`;
    } else {
      lines.push({ handle: "", text: raw.trim() });
      open = false;
    }
  }
  return lines;
}

/**
 * Reads the CLI's "<handle> successfully built in 458ms (37.0 KB original, ~12.2 KB compressed)" lines, wrapped
 * or not.
 */
/** @param {string} output @returns {Record<string, ExtensionSize>} */
export function parseBuildSizes(output) {
  /** @type {Record<string, ExtensionSize>} */
  const sizes = {};
  for (const { text } of cliLines(output)) {
    const match = text.match(/^(\S+) successfully built in [\d.]+\s*m?s \(([\d.]+) (B|KB|MB)\s+original, ~([\d.]+) (B|KB|MB) compressed\)/);
    if (!match) continue;
    const [, handle, original, originalUnit, compressed, compressedUnit] = match;
    sizes[handle] = { originalKb: Number(original) * UNIT[originalUnit], compressedKb: Number(compressed) * UNIT[compressedUnit] };
  }
  return sizes;
}

/** @typedef {{ handle: string, severity: string, check: string, message: string }} ThemeCheckOffense */

/**
 * What theme check reported for the theme app extension. `shopify app build` prints an offense as
 * "<handle> │ [error]: AssetSizeAppBlockJavaScript" followed by its message (then a blank line and the source
 * line), and still exits 0 and says "built!" whatever it found — so the offenses must be read from the output.
 * @param {string} output
 * @returns {ThemeCheckOffense[]}
 */
export function parseThemeCheckOffenses(output) {
  const lines = cliLines(output);
  /** @type {ThemeCheckOffense[]} */
  const offenses = [];
  lines.forEach(({ handle, text }, index) => {
    const match = text.match(/^\[(\w+)\]:?\s*(\S+)/);
    if (!match) return;
    const message = lines.slice(index + 1).find((line) => line.handle === handle && line.text !== "")?.text ?? "";
    offenses.push({ handle, severity: match[1].toLowerCase(), check: match[2], message });
  });
  return offenses;
}

/** Runs `shopify app build` offline; resolves with the CLI's output and the measured sizes. */
export async function buildExtensions({ root = ROOT, appUrl = process.env.APP_URL || applicationUrl(root) } = {}) {
  const { stdout, stderr } = await promisify(execFile)(
    path.join(root, "node_modules/.bin/shopify"),
    ["app", "build", "--client-id", clientId(root), "--skip-dependencies-installation", "--path", root],
    {
      cwd: root,
      env: { ...process.env, APP_URL: appUrl, CI: "1", SHOPIFY_CLI_NO_ANALYTICS: "1" },
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const output = stdout + stderr;
  const themeCheckErrors = parseThemeCheckOffenses(output).filter((offense) => offense.severity === "error");
  return { output, appUrl, sizes: parseBuildSizes(output), themeCheckErrors };
}

/**
 * One line per budgeted extension, and the problems (missing, over budget, over Shopify's limit).
 * @param {Record<string, ExtensionSize>} sizes
 * @param {Record<string, number>} [budgets]
 */
export function checkBudgets(sizes, budgets = BUDGETS_KB) {
  const lines = [];
  const problems = [];
  for (const [handle, budget] of Object.entries(budgets)) {
    const size = sizes[handle];
    if (!size) {
      problems.push(`${handle}: the build printed no size for it`);
      continue;
    }
    lines.push(`${handle.padEnd(20)} ${size.originalKb.toFixed(1).padStart(6)} KB original  ${size.compressedKb.toFixed(1).padStart(5)} KB compressed  (budget ${budget} KB)`);
    if (size.compressedKb > budget) problems.push(`${handle}: ${size.compressedKb} KB compressed is over its ${budget} KB budget`);
    if (size.compressedKb > SHOPIFY_LIMIT_KB) problems.push(`${handle}: over Shopify's ${SHOPIFY_LIMIT_KB} KB limit`);
  }
  return { lines, problems };
}

/** @param {ThemeCheckOffense} offense */
export function themeCheckText({ handle, check, message }) {
  return `${handle}: ${check}: ${message}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { sizes, appUrl, themeCheckErrors } = await buildExtensions();
    const { lines, problems } = checkBudgets(sizes);
    console.log(`Extensions built with APP_URL=${appUrl}`);
    for (const line of lines) console.log(line);
    for (const problem of problems) console.error(`over budget: ${problem}`);
    for (const offense of themeCheckErrors) console.error(`theme check error: ${themeCheckText(offense)}`);
    process.exit(problems.length === 0 && themeCheckErrors.length === 0 ? 0 : 1);
  } catch (error) {
    console.error(error.stdout ?? "", error.stderr ?? "", error.message);
    process.exit(1);
  }
}
