// Why the stand-in must be in place before the Shopify SDK loads, proven in real Node processes with the real
// @shopify/shopify-api client: the SDK's node adapter copies globalThis.fetch when imported. Loaded with
// `node --import` (as the demo does), the stand-in answers; installed after the SDK, it never sees the request.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/tsx-processes";

const run = promisify(execFile);
const PROBE = "test/support/admin-api-probe.ts";
const SCENARIO = "tools/admin-api-standin/demo-scenario.json";

async function probe(args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000 });
  const lines = stdout.trim().split("\n");
  return { lines, result: JSON.parse(lines.at(-1) ?? "{}") as { data?: unknown; error?: string; answeredByStandin: number } };
}

describe("intercepting the SDK's fetch", () => {
  it("answers the SDK's client from the scenario file when loaded with node --import, as in the demo", async () => {
    const query = "query { shop { name currencyCode } orders(first: 2, sortKey: UPDATED_AT, reverse: true) { nodes { legacyResourceId updatedAt } } }";
    const started = Date.now();

    const { lines, result } = await probe(["--import", "./tools/admin-api-standin/register.ts", PROBE, "tally-demo.myshopify.com", query], { TALLY_ADMIN_API_SCENARIO: SCENARIO });

    expect(lines[0]).toBe(`tally: Admin API calls are answered by the local stand-in (scenario ${SCENARIO}), never by Shopify.`);
    expect(result).toMatchObject({
      answeredByStandin: 1,
      data: { shop: { name: "Maple & Moss", currencyCode: "USD" }, orders: { nodes: [{ legacyResourceId: "7012" }, { legacyResourceId: "7011" }] } },
    });
    // The file's times moved to today: its newest order was updated an hour before its shiftTimesFrom.
    const newest = (result.data as { orders: { nodes: { updatedAt: string }[] } }).orders.nodes[0]?.updatedAt ?? "";
    expect(Math.abs(Date.parse(newest) - (started - 3_600_000))).toBeLessThan(60_000);
  });

  it("never sees a request when installed after the SDK was imported", async () => {
    const { result } = await probe([PROBE, "--install-after-sdk", "tally-standin-probe.myshopify.com", "query { shop { name } }"]);

    expect(result.answeredByStandin).toBe(0);
    // The request went to the real network instead (which these machines do not reach).
    expect(result.error).toEqual(expect.any(String));
  });
});
