// The process-wide database. Opened on first use from DATABASE_URL, and kept on globalThis because Vite's dev
// server re-evaluates changed modules: a module-level variable would open a new connection (and, on PostgreSQL,
// a new pool) on every edit.
import { env } from "~/env.server";
import { openDatabase, type TallyDatabase } from "./database.server";

declare global {
  var __tallyDatabases: Map<string, TallyDatabase> | undefined;
}

/** The database DATABASE_URL names, opened once per URL for the life of the process. */
export function db(): TallyDatabase {
  const url = env().databaseUrl;
  const open = (globalThis.__tallyDatabases ??= new Map());
  let database = open.get(url);
  if (!database) {
    database = openDatabase(url, { root: process.cwd() });
    open.set(url, database);
  }
  return database;
}
