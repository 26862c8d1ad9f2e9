import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import oneWriter from "./tools/eslint/one-writer.js";

/** Adapters, which a loyalty feature never imports (docs/decisions/023-features-own-their-commands.md). */
const ADAPTER_IMPORTS = {
  group: ["~/admin/*", "~/shopper/*", "~/jobs/*", "~/webhooks/*", "~/compliance/*", "~/routes/*", "~/demo/*", "~/public-api/*"],
  message: "A loyalty feature does not import an adapter: move what it needs down into app/loyalty (or below), or have the adapter pass it in.",
};

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".tools/", "app/db/generated/", "data/", "test-results/", ".cache/", "extensions/*/assets/", "extensions/*/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Features never reach up into an adapter: admin, shopper, jobs, webhooks, compliance, routes and the demo call
    // the features, not the other way round (docs/decisions/023-features-own-their-commands.md).
    files: ["app/loyalty/**/*.{ts,tsx}"],
    ignores: ["app/loyalty/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ADAPTER_IMPORTS,
          ],
        },
      ],
    },
  },
  {
    // Pure loyalty logic stays free of frameworks and persistence (docs/decisions/023-features-own-their-commands.md).
    files: ["app/loyalty/**/*.ts"],
    ignores: ["app/loyalty/**/*.server.ts", "app/loyalty/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*", "@shopify/*", "@prisma/*", "~/db/*", "better-sqlite3", "pg", "react", "**/*.server"], message: "app/loyalty holds pure domain logic: no framework, database or platform imports." },
            // This block replaces the one above for pure files (ESLint keeps the last setting of a rule): repeat it.
            ADAPTER_IMPORTS,
          ],
        },
      ],
    },
  },
  {
    // One writer per table (docs/decisions/024-one-writer-per-table.md; owners in app/db/table-owners.mjs). Product
    // code only: bench/ and test/ arrange their scenarios by writing rows directly (a benchmark's 1,000,000
    // transfers, a test's shop), which is setting the stage, not a second writer of the product's tables.
    files: ["app/**/*.{ts,tsx,js,mjs}", "scripts/**/*.{ts,tsx,js,mjs}"],
    ignores: ["**/*.test.ts"],
    plugins: { tally: oneWriter },
    rules: { "tally/one-writer": "error" },
  },
);
