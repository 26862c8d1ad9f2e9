// Prisma CLI configuration. One config serves both databases: DATABASE_URL picks the schema, the migrations
// folder and the driver adapter, so `prisma migrate deploy` works the same for SQLite and PostgreSQL.
// The JS engine with a driver adapter is what lets Prisma run without downloading native engines
// (docs/decisions/002-sqlite-and-postgresql.md).
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaConfig } from "prisma";
import { databaseKind, postgresSchema, sqliteFilePath } from "./app/db/database-url";

const root = path.dirname(fileURLToPath(import.meta.url));
const url = process.env.DATABASE_URL ?? "";
const kind = databaseKind(url);
const prismaDir = kind === "postgres" ? path.join(root, "prisma", "postgres") : path.join(root, "prisma");

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(prismaDir, "schema.prisma"),
  migrations: { path: path.join(prismaDir, "migrations") },
  async adapter() {
    if (kind === "postgres") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const { connectionString, schema } = postgresSchema(url);
      return new PrismaPg({ connectionString }, schema ? { schema } : undefined);
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(url, root)}` });
  },
} satisfies PrismaConfig;
