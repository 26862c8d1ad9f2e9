// Which database DATABASE_URL names. Shared by the app, the Prisma CLI config and the scripts, so all three
// agree on where the SQLite file lives. No framework imports: prisma.config.ts loads this file directly.
import path from "node:path";

export type DatabaseKind = "sqlite" | "postgres";

export const DEFAULT_SQLITE_FILE = "data/tally.sqlite";

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

/**
 * The SQLite file for a `file:` URL (or the default when DATABASE_URL is empty). A relative path is taken
 * from `root`, the project folder, not from the schema file as Prisma would: one rule for every tool.
 */
export function sqliteFilePath(url: string, root: string): string {
  const raw = url.trim() === "" ? DEFAULT_SQLITE_FILE : url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (raw === "" || raw.startsWith("//")) {
    throw new Error(`DATABASE_URL "${url}" is neither a file: path for SQLite nor a postgres:// URL`);
  }
  return path.isAbsolute(raw) ? raw : path.resolve(root, raw);
}

/**
 * `?schema=name` on a PostgreSQL URL picks the schema, as in Prisma's own URLs; node-postgres does not know the
 * parameter, so it is taken off the connection string. Every tool (the app, migrations, the CLIs) reads it here.
 */
export function postgresSchema(url: string): { connectionString: string; schema: string | undefined } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") || undefined;
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}
