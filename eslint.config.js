import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

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
    // Pure loyalty logic stays free of frameworks and persistence (docs/style.md).
    files: ["app/loyalty/**/*.ts"],
    ignores: ["app/loyalty/**/*.server.ts", "app/loyalty/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*", "@shopify/*", "@prisma/*", "~/db/*", "better-sqlite3", "pg", "react", "**/*.server"], message: "app/loyalty holds pure domain logic: no framework, database or platform imports." },
          ],
        },
      ],
    },
  },
);
