import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Tests that drive Chromium: the admin against the demo server, and the storefront widget on a local page.
const BROWSER_TESTS = ["test/browser/**/*.test.ts", "test/widget/storefront-widget.test.ts"];

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/fail-on-console-error.ts", "test/support/admin-api-standin.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["app/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts", "widget/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...BROWSER_TESTS],
        },
      },
      {
        // Headless Chromium against the demo server (test/support/browser.ts). Each file starts its own server
        // and browser; Chromium is the heaviest thing in the suite, so these files take turns in one fork.
        extends: true,
        test: {
          name: "browser",
          include: BROWSER_TESTS,
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 90_000,
        },
      },
    ],
  },
});
