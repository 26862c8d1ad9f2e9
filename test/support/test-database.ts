// A fresh, migrated database for one test file: a new SQLite file, or a new schema in the run's PostgreSQL
// database. Migrations are applied by the same code the app uses at start.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type OpenOptions, type TallyDatabase } from "~/db/database.server";
import { migratePostgres, migrateSqlite } from "~/db/migrations.server";
import type { DatabaseKind } from "~/db/database-url";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SQLITE_MIGRATIONS = path.join(ROOT, "prisma/migrations");
const POSTGRES_MIGRATIONS = path.join(ROOT, "prisma/postgres/migrations");

/** The databases this run covers: SQLite always, PostgreSQL when the global setup found one. */
export function testDatabaseKinds(): DatabaseKind[] {
  return inject("postgresUrl") ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** A DATABASE_URL for this database; for PostgreSQL it names the test's schema (`?schema=`). */
  url: string;
  /** Extra open options needed to reach this database (the PostgreSQL schema). */
  openOptions: OpenOptions;
  db: TallyDatabase;
  /** Opens another handle on the same database (another "app instance"). */
  open(options?: OpenOptions): TallyDatabase;
  /** Runs raw SQL on the database, outside the app (to inspect or to tamper). */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  destroy(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind, options: OpenOptions = {}): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tally-test-"));
    const file = path.join(dir, "tally.sqlite");
    migrateSqlite(file, SQLITE_MIGRATIONS);
    const url = `file:${file}`;
    const handles: TallyDatabase[] = [];
    const open = (extra: OpenOptions = {}) => {
      const handle = openDatabase(url, { ...options, ...extra });
      handles.push(handle);
      return handle;
    };
    const { openSqlite } = await import("~/db/database.server");
    const raw = openSqlite(file);
    return {
      kind,
      url,
      openOptions: {},
      db: open(),
      open,
      async sql<T>(text: string, values: unknown[] = []) {
        const statement = raw.prepare(text);
        return (statement.reader ? statement.all(...values) : (statement.run(...values), [])) as T[];
      },
      async destroy() {
        for (const handle of handles) await handle.close();
        raw.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const baseUrl = inject("postgresUrl");
  if (!baseUrl) throw new Error("PostgreSQL is not available in this run");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Pool({ connectionString: baseUrl, max: 2 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await migratePostgres(baseUrl, POSTGRES_MIGRATIONS, schema);
  const openOptions: OpenOptions = { schema };
  const handles: TallyDatabase[] = [];
  const open = (extra: OpenOptions = {}) => {
    const handle = openDatabase(baseUrl, { ...options, ...openOptions, ...extra });
    handles.push(handle);
    return handle;
  };
  const url = new URL(baseUrl);
  url.searchParams.set("schema", schema);
  return {
    kind,
    url: url.toString(),
    openOptions,
    db: open(),
    open,
    async sql<T>(text: string, values: unknown[] = []) {
      const client = await admin.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        return (await client.query(text, values)).rows as T[];
      } finally {
        client.release();
      }
    },
    async destroy() {
      for (const handle of handles) await handle.close();
      // A test whose app (loaded in this process) still ends a transaction in the schema can take the tables'
      // locks in another order than the drop: PostgreSQL then ends one of the two (deadlock_detected) and the
      // drop is tried again.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== "40P01" || attempt === 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
      await admin.end();
    },
  };
}
