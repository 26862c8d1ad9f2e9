import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Tests that drive Chromium: the admin against the demo server, and the storefront widget on a local page.
const BROWSER_TESTS = ["test/browser/**/*.test.ts", "test/widget/storefront-widget.test.ts", "test/widget/widget-birthday.test.ts"];

// What the app's tests share: real databases (PostgreSQL decided once per run), console errors fail a test, and
// the Admin API stand-in answers whatever the app sends to Shopify.
const APP_TESTS = {
  globalSetup: ["test/support/global-setup.ts"],
  setupFiles: ["test/support/fail-on-console-error.ts", "test/support/admin-api-standin.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks" as const,
};

export default defineConfig({
  test: {
    reporters: ["default"],
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: {
          ...APP_TESTS,
          name: "app",
          include: ["app/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts", "widget/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...BROWSER_TESTS],
        },
      },
      {
        // Headless Chromium against the demo server (test/support/browser.ts). Each file starts its own server
        // and browser; Chromium is the heaviest thing in the suite, so these files take turns in one fork.
        plugins: [tsconfigPaths()],
        test: {
          ...APP_TESTS,
          name: "browser",
          include: BROWSER_TESTS,
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 90_000,
        },
      },
      {
        // The UI extensions, rendered by @shopify/ui-extensions-tester in jsdom with Preact's JSX.
        esbuild: { jsx: "automatic", jsxImportSource: "preact" },
        test: {
          name: "extensions",
          include: ["extensions/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          // The tester ships .jsx files; vitest must transform it rather than hand it to Node.
          server: { deps: { inline: ["@shopify/ui-extensions-tester"] } },
          setupFiles: ["test/support/fail-on-console-error.ts", "extensions/test-support/host-elements.ts"],
          // What the Shopify CLI puts in place of process.env.APP_URL when it bundles (extensions/shared/app-url.ts).
          env: { APP_URL: "https://tally.test" },
          pool: "forks",
        },
      },
    ],
  },
});
