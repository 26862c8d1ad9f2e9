// An install upgraded across one migration: the database is migrated up to the migrations before `migration`,
// seeded with rows written as an older Tally would have written them (raw SQL, no triggers of the migration), then
// migrated again with the app's own migration code (`migration` and every later one), so the migration's backfill
// is what fills its tables.
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, inject } from "vitest";
import { openDatabase, openSqlite, type TallyDatabase } from "~/db/database.server";
import type { DatabaseKind } from "~/db/database-url";
import { migratePostgres, migrateSqlite } from "~/db/migrations.server";
import { ROOT } from "./test-database";

export interface Install {
  db: TallyDatabase;
  sql(text: string): Promise<Record<string, unknown>[]>;
  destroy(): Promise<void>;
}

/** How the seed writes rows in the database's own dialect. */
export interface SeedWriter {
  sql(text: string): Promise<unknown>;
  /** A UTC timestamp written as "2026-03-01T10:00:00.000", as this database stores it. */
  stamp(at: string): string;
  bool(value: boolean): string;
}

/** The migrations folder as it was before `migration`: the migrations older than it. */
function foldersBefore(dir: string, folder: string, migration: string): string {
  const copy = path.join(dir, path.basename(folder));
  const older = (source: string) => {
    const top = path.relative(folder, source).split(path.sep)[0] ?? "";
    return !/^\d{14}_/.test(top) || top < migration;
  };
  cpSync(folder, copy, { recursive: true, filter: older });
  return copy;
}

/** What upgrading applies: `migration` first, then the later ones. */
function expectUpgradeFrom(applied: string[], migration: string): void {
  expect(applied[0]).toBe(migration);
  expect(applied.every((name) => name >= migration)).toBe(true);
}

export async function upgradedInstall(kind: DatabaseKind, migration: string, seed: (writer: SeedWriter) => Promise<void>): Promise<Install> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-upgrade-"));
  if (kind === "sqlite") {
    const file = path.join(dir, "tally.sqlite");
    migrateSqlite(file, foldersBefore(dir, path.join(ROOT, "prisma/migrations"), migration));
    const raw = openSqlite(file);
    await seed({ sql: async (text) => raw.exec(text), stamp: (at) => `${at}+00:00`, bool: (value) => (value ? "1" : "0") });
    const report = migrateSqlite(file, path.join(ROOT, "prisma/migrations"));
    expectUpgradeFrom(report.applied, migration);
    const db = openDatabase(`file:${file}`);
    return {
      db,
      sql: async (text) => raw.prepare(text).all() as Record<string, unknown>[],
      async destroy() {
        await db.close();
        raw.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const baseUrl = inject("postgresUrl");
  if (!baseUrl) throw new Error("PostgreSQL is not available in this run");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Pool({ connectionString: baseUrl, max: 1 });
  const sql = async (text: string) => {
    const client = await admin.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      return (await client.query(text)).rows as Record<string, unknown>[];
    } finally {
      client.release();
    }
  };
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await migratePostgres(baseUrl, foldersBefore(dir, path.join(ROOT, "prisma/postgres/migrations"), migration), schema);
  await seed({ sql, stamp: (at) => at.replace("T", " "), bool: (value) => (value ? "true" : "false") });
  const report = await migratePostgres(baseUrl, path.join(ROOT, "prisma/postgres/migrations"), schema);
  expectUpgradeFrom(report.applied, migration);
  const db = openDatabase(baseUrl, { schema });
  return {
    db,
    sql,
    async destroy() {
      await db.close();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
