// Whether build/ is the production build of the app/ sources as they are now; shared by the tests that drive the
// built app and by the benchmarks.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SERVER_BUILD = path.join(ROOT, "build/server/index.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestSource(full));
    } else if (!entry.name.includes(".test.")) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

export function buildState(): "missing" | "stale" | "fresh" {
  if (!existsSync(SERVER_BUILD)) return "missing";
  return newestSource(path.join(ROOT, "app")) > statSync(SERVER_BUILD).mtimeMs ? "stale" : "fresh";
}
