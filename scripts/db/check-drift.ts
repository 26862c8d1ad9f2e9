// npm run db:check — fails when the databases' migrations and the model source disagree:
//  1. prisma/postgres/schema.prisma must be the one generated from prisma/schema.prisma;
//  2. each migrations folder's datamodel.prisma (what its migrations build) must equal its schema: a model change
//     without a migration fails here;
//  3. applying the migrations to an empty database must give exactly the tables, columns, indexes and foreign
//     keys that Prisma would create from that datamodel. SQLite always; PostgreSQL when one is reachable
//     (TALLY_TEST_POSTGRES_URL or the local server), and required with TALLY_REQUIRE_POSTGRES=1.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migratePostgres, migrateSqlite } from "../../app/db/migrations.server";
import { migrationSql, prisma } from "./prisma-cli.mjs";
import { paths, providers } from "./schema-files.mjs";

const problems: string[] = [];

execFileSync(process.execPath, [path.join(paths.root, "scripts/db/generate-postgres-schema.mjs"), "--check"], { stdio: "inherit" });

for (const provider of providers) {
  const snapshot = path.join(provider.migrations, "datamodel.prisma");
  const diff = prisma(
    ["migrate", "diff", "--from-schema-datamodel", snapshot, "--to-schema-datamodel", provider.schema, "--exit-code"],
    { allowExitCodes: [0, 2] },
  );
  if (diff.status === 2) {
    problems.push(`${provider.name}: models changed since the last migration — run \`npm run db:migration:new <name>\`.\n${diff.stdout.trim()}`);
  }
}

type Shape = Record<string, unknown>;

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
      .all() as { name: string }[];
    const shape: Shape = {};
    for (const { name } of tables) {
      const indexes = (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[])
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          columns: (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((c) => c.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      // Column order is not compared: a migration that adds a column appends it, a fresh table lists it in place.
      const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as { cid?: number; name: string }[])
        .map(({ cid: _cid, ...column }) => column)
        .sort((a, b) => a.name.localeCompare(b.name));
      shape[name] = {
        columns,
        indexes,
        foreignKeys: db.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
      };
    }
    return shape;
  } finally {
    db.close();
  }
}

function checkSqlite() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-drift-"));
  try {
    const migrated = path.join(dir, "migrated.sqlite");
    migrateSqlite(migrated, paths.sqliteMigrations);
    const expected = path.join(dir, "expected.sqlite");
    const db = new Database(expected);
    db.exec(migrationSql(null, path.join(paths.sqliteMigrations, "datamodel.prisma")));
    db.close();
    compare("sqlite", sqliteShape(migrated), sqliteShape(expected));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresShape(client: pg.Client, schema: string): Promise<Shape> {
  const columns = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'
     ORDER BY table_name, column_name`,
    [schema],
  );
  const indexes = await client.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes
     WHERE schemaname = $1 AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
    [schema],
  );
  const constraints = await client.query(
    `SELECT t.relname AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace JOIN pg_class t ON t.oid = c.conrelid
     WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations' ORDER BY 1, 2`,
    [schema],
  );
  // Definitions name the schema; the two schemas compared differ only in that name.
  const shape = JSON.stringify({ columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows });
  return JSON.parse(shape.replaceAll(`${schema}.`, "")) as Shape;
}

async function checkPostgres() {
  const url = process.env.TALLY_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    if (process.env.TALLY_REQUIRE_POSTGRES === "1") problems.push(`postgresql: not reachable at ${url}`);
    else console.log(`postgresql: not reachable at ${url}, migrations checked on SQLite only`);
    return;
  }
  const suffix = `${process.pid}_${Date.now()}`;
  const migratedSchema = `drift_migrated_${suffix}`;
  const expectedSchema = `drift_expected_${suffix}`;
  try {
    await client.query(`CREATE SCHEMA ${migratedSchema}; CREATE SCHEMA ${expectedSchema}`);
    await migratePostgres(url, paths.postgresMigrations, migratedSchema);
    await client.query(`SET search_path TO ${expectedSchema}`);
    await client.query(migrationSql(null, path.join(paths.postgresMigrations, "datamodel.prisma")));
    await client.query("SET search_path TO public");
    compare("postgresql", await postgresShape(client, migratedSchema), await postgresShape(client, expectedSchema));
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${migratedSchema} CASCADE; DROP SCHEMA IF EXISTS ${expectedSchema} CASCADE`);
    await client.end();
  }
}

function compare(provider: string, migrated: Shape, expected: Shape) {
  const a = JSON.stringify(migrated, null, 1);
  const b = JSON.stringify(expected, null, 1);
  if (a === b) return;
  const aLines = a.split("\n");
  const bLines = b.split("\n");
  const first = aLines.findIndex((line, i) => line !== bLines[i]);
  problems.push(
    `${provider}: applying the migrations does not give the schema in datamodel.prisma (first difference near:\n` +
      `  migrations: ${aLines.slice(Math.max(0, first - 2), first + 3).join(" ")}\n  datamodel:  ${bLines.slice(Math.max(0, first - 2), first + 3).join(" ")})`,
  );
}

checkSqlite();
await checkPostgres();

if (problems.length > 0) {
  console.error(`Database drift:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("Migrations and models agree for SQLite and PostgreSQL.");
