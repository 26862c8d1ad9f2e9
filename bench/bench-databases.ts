// Fresh databases for the benchmarks: a temporary SQLite file, or a new PostgreSQL database dropped afterwards,
// migrated by the app's own code, with one shop registered.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "~/db/database.server";
import { migratePostgres, migrateSqlite } from "~/db/migrations.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";

export async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function registerShop(url: string, shop: string): Promise<void> {
  const database = openDatabase(url);
  try {
    await upsertShop(database.prisma, { domain: shop, name: "Bench Shop", currencyCode: "USD" });
  } finally {
    await database.close();
  }
}

export async function dropPostgres(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export interface FreshDatabase {
  kind: "sqlite" | "postgres";
  /** A DATABASE_URL for the app. */
  url: string;
  /** The SQLite file (for a direct reader); null on PostgreSQL. */
  file: string | null;
  destroy(): Promise<void>;
}

/** A temporary SQLite file, migrated, with `shop` registered. */
export async function freshSqlite(shop: string, root: string): Promise<FreshDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-bench-"));
  const file = path.join(dir, "tally.sqlite");
  migrateSqlite(file, path.join(root, "prisma/migrations"));
  const url = `file:${file}`;
  await registerShop(url, shop);
  return { kind: "sqlite", url, file, destroy: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new PostgreSQL database beside `adminUrl`'s, migrated, with `shop` registered; dropped by destroy(). */
export async function freshPostgres(adminUrl: string, shop: string, root: string): Promise<FreshDatabase> {
  const name = `tally_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  try {
    await migratePostgres(url, path.join(root, "prisma/postgres/migrations"));
    await registerShop(url, shop);
  } catch (error) {
    await dropPostgres(adminUrl, name);
    throw error;
  }
  return { kind: "postgres", url, file: null, destroy: () => dropPostgres(adminUrl, name) };
}
