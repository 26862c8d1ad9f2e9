// The benchmarks measure the production build: make it when build/ is missing or older than app/, or when asked.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildState } from "../test/support/build-freshness";

const ROOT = path.resolve(import.meta.dirname, "..");

export function buildIfStale(force: boolean): void {
  if (!force && buildState() === "fresh") return;
  console.log("Building the app (remix vite:build)…");
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  if (result.status !== 0) throw new Error("remix vite:build failed");
}
