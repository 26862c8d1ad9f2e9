// The process-wide database. Opened on first use from DATABASE_URL, and kept on globalThis because Vite's dev
// server re-evaluates changed modules: a module-level variable would open a new connection (and, on PostgreSQL,
// a new pool) on every edit.
import { env } from "~/env.server";
import { openDatabase, type TallyDatabase } from "./database.server";

declare global {
  var __tallyDatabase: TallyDatabase | undefined;
}

export function db(): TallyDatabase {
  globalThis.__tallyDatabase ??= openDatabase(env().databaseUrl, { root: process.cwd() });
  return globalThis.__tallyDatabase;
}
