// A scenario kept in a JSON file, for the demo (TALLY_ADMIN_API_SCENARIO names it):
//   { "shiftTimesFrom": "2026-05-01T12:00:00Z", "shops": { "<shop>.myshopify.com": { "query": {…}, "mutation": {…} } } }
// Times in the file are written as if it were `shiftTimesFrom`; on load every date-time is moved by the same amount
// so that instant becomes now. The demo's orders therefore stay "recent" (the reconciliation job looks back three
// days) on whatever day the demo runs.
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ShopScenario } from "./scenario-store.ts";

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const scenarioFileSchema = z.strictObject({
  shiftTimesFrom: z.string().regex(DATE_TIME).optional(),
  shops: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/),
    z.strictObject({
      query: z.record(z.string(), z.unknown()).default({}),
      mutation: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
});

function shiftTimes(value: unknown, offsetMs: number): unknown {
  if (typeof value === "string" && DATE_TIME.test(value)) {
    return new Date(Date.parse(value) + offsetMs).toISOString().replace(/\.000Z$/, "Z");
  }
  if (Array.isArray(value)) return value.map((item) => shiftTimes(item, offsetMs));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shiftTimes(child, offsetMs)]));
  }
  return value;
}

/** The shops of a parsed scenario file, with its times moved to `now`. */
export function scenarioShops(content: unknown, now: Date): Record<string, ShopScenario> {
  const scenario = scenarioFileSchema.parse(content);
  const offset = scenario.shiftTimesFrom ? now.getTime() - Date.parse(scenario.shiftTimesFrom) : 0;
  return shiftTimes(scenario.shops, offset) as Record<string, ShopScenario>;
}

export function loadScenarioFile(file: string, now: Date): Record<string, ShopScenario> {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Could not read the Admin API scenario ${file}`, { cause: error });
  }
  return scenarioShops(content, now);
}
