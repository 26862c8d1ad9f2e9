// Whether this instance may be sent traffic (GET /readyz): its database answers and has every migration this
// build ships applied. An instance that started against a database another version migrated, or before
// `npm start`'s migration finished, says which migrations are missing instead of failing requests one by one.
import path from "node:path";
import { databaseKind } from "~/db/database-url";
import type { TallyDatabase } from "~/db/database.server";
import { readMigrations } from "~/db/migrations.server";
import { env } from "~/env.server";
import { log } from "./logger.server";

export type Readiness = { ready: true } | { ready: false; reason: string };

let shipped: string[] | undefined;

/** The migrations this build ships, read once: they do not change while the process runs. */
function shippedMigrations(): string[] {
  const folder = databaseKind(env().databaseUrl) === "postgres" ? "prisma/postgres/migrations" : "prisma/migrations";
  shipped ??= readMigrations(path.join(process.cwd(), folder)).map((migration) => migration.name);
  return shipped;
}

export async function readiness(open: () => TallyDatabase): Promise<Readiness> {
  let db: TallyDatabase;
  try {
    db = open();
    await db.read.$queryRaw`SELECT 1`;
  } catch (error) {
    log().warn({ err: error }, "readyz: the database does not answer");
    return { ready: false, reason: "The database does not answer; see the log for the driver's error." };
  }
  let applied: Set<string>;
  try {
    const rows = await db.read.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    log().warn({ err: error }, "readyz: the database has no migration history");
    return { ready: false, reason: "The database has no migration history: run `npm run db:migrate` (npm start does it)." };
  }
  const missing = shippedMigrations().filter((name) => !applied.has(name));
  if (missing.length > 0) {
    return { ready: false, reason: `${missing.length} migration${missing.length > 1 ? "s are" : " is"} not applied: ${missing.join(", ")}. Run \`npm run db:migrate\` (npm start does it).` };
  }
  return { ready: true };
}
