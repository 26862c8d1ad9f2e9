// Applies the SQL migrations in prisma/migrations (SQLite) or prisma/postgres/migrations (PostgreSQL).
//
// Prisma's own `migrate deploy` works for SQLite here but fails on PostgreSQL through the driver adapter
// ("Column type 'name' could not be deserialized", prisma/prisma#27403), and Prisma's native engines cannot be
// downloaded. So Tally applies the same files itself and records them in Prisma's `_prisma_migrations` table
// with Prisma's checksum, so `prisma migrate status` still reads the history (docs/decisions/002-sqlite-and-postgresql.md).
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { postgresSchema } from "./database-url";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Every migration in a folder, oldest first. */
export function readMigrations(folder: string): Migration[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(folder, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
}

function pendingMigrations(migrations: Migration[], applied: AppliedRow[]): Migration[] {
  const byName = new Map(applied.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
  for (const migration of migrations) {
    const row = byName.get(migration.name);
    if (row && row.checksum !== migration.checksum) {
      throw new Error(
        `Migration ${migration.name} was changed after it was applied. Restore the file and add a new migration instead (npm run db:migration:new).`,
      );
    }
  }
  return migrations.filter((migration) => !byName.has(migration.name));
}

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Creates the SQLite file (and its folder) when missing and applies what is pending, each migration in its own transaction. */
export function migrateSqlite(file: string, folder: string): MigrationReport {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(SQLITE_MIGRATIONS_TABLE);
    const migrations = readMigrations(folder);
    const applied = db.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`).all() as AppliedRow[];
    const pending = pendingMigrations(migrations, applied);
    const record = db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
    );
    for (const migration of pending) {
      db.transaction(() => {
        db.exec(migration.sql);
        record.run(randomUUID(), migration.checksum, migration.name);
      }).immediate();
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
  } finally {
    db.close();
  }
}

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Several app instances may start at once against one database; the first one migrates, the rest wait.
const MIGRATION_LOCK_KEY = 72707369;

/**
 * Applies what is pending to PostgreSQL, each migration in its own transaction, under an advisory lock. The schema
 * is `schema`, else the URL's `?schema=` (created when missing, as db:migrate creates a SQLite file), else the
 * server's default (public).
 */
export async function migratePostgres(url: string, folder: string, schema?: string): Promise<MigrationReport> {
  const { connectionString, schema: urlSchema } = postgresSchema(url);
  const target = schema ?? urlSchema;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    if (target) {
      const quoted = `"${target.replace(/"/g, '""')}"`;
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`SET search_path TO ${quoted}`);
    }
    await client.query(POSTGRES_MIGRATIONS_TABLE);
    const migrations = readMigrations(folder);
    const applied = (await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`)).rows;
    const pending = pendingMigrations(migrations, applied);
    for (const migration of pending) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
