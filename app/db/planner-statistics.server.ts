// Keeps PostgreSQL's planner statistics in step with tables that grow fast (docs/decisions/058-planner-statistics-for-fresh-tables.md).
//
// Every statement of the hot path is a named statement, planned once per connection (driver-sql.server.ts). After
// five executions PostgreSQL keeps a generic plan, made with the statistics of that moment; on a table that was
// empty then, it picked an index that matched the shop alone and filtered the rest (`orders` by id went through
// the index on paid time), so each lookup read every row of the shop, and settling slowed as the tables grew.
// Autovacuum analyzes a table only once a tenth of it changed and looks once a minute, so a new database, or one
// restored without statistics, kept such plans for as long as the app took to fill it. An ANALYZE makes every
// connection plan its statements again; this asks for one whenever a table has changed by as many rows as it held
// when it was last analyzed (at least MIN_CHANGES), so a table is analyzed a few times as it grows, and left to
// autovacuum once it is large. SQLite plans every statement by its indexes' shape and needs none of this.
import type { TallyDatabase } from "./database.server";
import { log } from "~/operations/logger.server";

/** Rows a table must have changed by before it is analyzed for the first time. */
export const MIN_CHANGES = 500;
const EVERY_MS = 5_000;

// `reltuples` is -1 until a table's first ANALYZE or VACUUM, so the least number of changes stands for it then.
const TABLES_THAT_GREW = `SELECT quote_ident(s.relname) AS name
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
  WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze >= GREATEST(CAST(? AS real), c.reltuples)
  ORDER BY s.relname`;

/**
 * Analyzes the tables of Tally's schema that have grown since their statistics were taken; returns their names
 * (none on SQLite). A table another session is analyzing or altering is skipped, and taken at the next look.
 */
export async function refreshPlannerStatistics(db: TallyDatabase): Promise<string[]> {
  if (db.kind !== "postgres") return [];
  const tables = (await db.sql.all<{ name: string }>(TABLES_THAT_GREW, [MIN_CHANGES])).map((row) => row.name);
  if (tables.length > 0) await db.sql.exec(`ANALYZE (SKIP_LOCKED) ${tables.join(", ")}`);
  return tables;
}

declare global {
  var __tallyPlannerStatistics: NodeJS.Timeout | undefined;
}

/**
 * Looks every few seconds, on PostgreSQL, in the thread that runs the background jobs; `standAside` as in
 * startBackgroundJobs (another thread looks). Once per thread.
 */
export function keepPlannerStatistics(db: TallyDatabase, standAside: () => boolean = () => false): void {
  if (db.kind !== "postgres" || globalThis.__tallyPlannerStatistics) return;
  let looking = false;
  globalThis.__tallyPlannerStatistics = setInterval(() => {
    if (looking || standAside()) return;
    looking = true;
    refreshPlannerStatistics(db)
      .then((tables) => {
        if (tables.length > 0) log().debug({ tables }, "analyzed tables that grew");
      })
      .catch((error: unknown) => log().warn({ err: error }, "analyzing the tables that grew failed; the next look tries again"))
      .finally(() => (looking = false));
  }, EVERY_MS).unref();
}
