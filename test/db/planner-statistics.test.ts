// A statement planned while its table was empty must not keep reading the whole shop once the table has grown: the
// upkeep analyzes tables that grew, and PostgreSQL then plans every prepared statement on them again
// (app/db/planner-statistics.server.ts, docs/decisions/058-planner-statistics-for-fresh-tables.md).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIN_CHANGES, refreshPlannerStatistics } from "~/db/planner-statistics.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SHOP = "planner.myshopify.com";
const postgres = inject("postgresUrl") ?? undefined;

describe.skipIf(!postgres)("planner statistics on postgres", () => {
  let t: TestDatabase;
  // A connection of its own that keeps a prepared statement's plan, as each of the app's connections does.
  let client: pg.Client;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    client = new pg.Client({ connectionString: postgres, options: `-c search_path="${t.openOptions.schema}"` });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.destroy();
  });

  const plan = async () =>
    (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN EXECUTE order_by_id('${SHOP}', 'order-7')`)).rows.map((row) => row["QUERY PLAN"]).join("\n");

  /** The tables the upkeep analyzes once PostgreSQL's counters show the writes (each backend reports them when idle). */
  async function analyzedOnceCounted(): Promise<string[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const tables = await refreshPlannerStatistics(t.db);
      if (tables.length > 0) return tables;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }

  it("analyzes a table that grew, so a statement planned while it was empty looks its rows up by their key", async () => {
    // The plan PostgreSQL keeps after a few executions (the generic one), from the first, while `orders` is empty.
    await client.query("SET plan_cache_mode = force_generic_plan");
    await client.query("PREPARE order_by_id(text, text) AS SELECT order_id, member_id FROM orders WHERE shop = $1 AND order_id = $2");
    await client.query(`EXECUTE order_by_id('${SHOP}', 'order-7')`);
    expect(await refreshPlannerStatistics(t.db)).toEqual([]);

    // Rows written straight in: what matters here is how many, not what the settlement would make of them.
    await client.query(
      `INSERT INTO orders (shop, order_id, created_at, updated_at)
       SELECT $1, 'order-' || n, now(), now() FROM generate_series(1, $2::int) AS n`,
      [SHOP, MIN_CHANGES * 4],
    );
    await client.query("SELECT pg_stat_force_next_flush()");
    // Without statistics the kept plan finds the shop by an index and filters every one of its orders for the id.
    expect(await plan()).not.toMatch(/Index Cond: \(\(shop = \$1\) AND \(order_id = \$2\)\)/);

    expect(await analyzedOnceCounted()).toContain("orders");
    expect(await plan()).toMatch(/Index Cond: \(\(shop = \$1\) AND \(order_id = \$2\)\)/);
    // Nothing grew since: nothing is analyzed again.
    expect(await refreshPlannerStatistics(t.db)).not.toContain("orders");
  });
});
