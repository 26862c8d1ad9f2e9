// npm run build:locales — writes the strings the UI extensions share (extensions/shared/strings/*.json: failures,
// the points owed, the referral share card, where to redeem) into each extension's own locales/*.json. The Shopify CLI builds an
// extension from its own folder and gives it only that folder's locales/ as `shopify.i18n`
// (https://shopify.dev/docs/apps/build/checkout/localized-checkout-ui-extensions), so a shared string has to be
// in every extension's files; this keeps one source for it (docs/decisions/025-one-shopper-contract.md).
// The files it writes are committed: extensions/shared/shared-locales.test.ts fails when they drift.
//
//   node scripts/extensions/shared-locales.mjs          write the shared strings into every extension's locales
//   node scripts/extensions/shared-locales.mjs --check  exit 1 when a file is not what writing would make it
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared groups of strings (top-level keys of extensions/shared/strings) each UI extension shows. */
export const SHARED_GROUPS = {
  "tally-checkout": ["errors", "owed", "credit", "redeemWhere"],
  "tally-thank-you": ["owed", "share", "redeemWhere"],
  "tally-account-page": ["errors", "share", "transfers", "credit", "redeemWhere"],
  "tally-order-status": ["redeemWhere"],
};
export const LOCALE_FILES = ["en.default.json", "fr.json", "de.json", "es.json"];
export const SHARED_LOCALES = path.join(ROOT, "extensions/shared/strings");

/** `own` with each of `groups` set to the shared text; the extension's other keys and their order stay. */
function merged(own, shared, groups) {
  const result = { ...own };
  for (const group of groups) {
    if (!(group in shared)) throw new Error(`extensions/shared/strings has no "${group}"`);
    result[group] = shared[group];
  }
  return result;
}

const text = (json) => `${JSON.stringify(json, null, 2)}\n`;

/** Each extension locale file as it is and as it should be. */
export function localeFiles(root = ROOT) {
  return Object.entries(SHARED_GROUPS).flatMap(([extension, groups]) =>
    LOCALE_FILES.map((name) => {
      const file = path.join(root, "extensions", extension, "locales", name);
      const current = readFileSync(file, "utf8");
      const shared = JSON.parse(readFileSync(path.join(root, "extensions/shared/strings", name), "utf8"));
      return { file, current, expected: text(merged(JSON.parse(current), shared, groups)) };
    }),
  );
}

/** The extension locale files whose shared strings are not extensions/shared/strings' (relative paths). */
export function staleLocaleFiles(root = ROOT) {
  return localeFiles(root)
    .filter(({ current, expected }) => current !== expected)
    .map(({ file }) => path.relative(root, file));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = staleLocaleFiles();
    for (const file of stale) console.error(`locales: ${file} does not carry extensions/shared/strings' strings: run \`npm run build:locales\``);
    process.exit(stale.length === 0 ? 0 : 1);
  }
  for (const { file, current, expected } of localeFiles()) {
    if (current !== expected) {
      writeFileSync(file, expected);
      console.log(`locales: wrote the shared strings into ${path.relative(ROOT, file)}`);
    }
  }
}
