import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"],
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: {
          name: "app",
          include: ["app/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          setupFiles: ["test/support/fail-on-console-error.ts", "test/support/admin-api-standin.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
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
