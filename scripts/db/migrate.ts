// npm run db:migrate — creates the database DATABASE_URL names (the SQLite file and its folder when missing)
// and applies the pending migrations. `npm start` and `npm run demo` run it before the server starts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseKind, sqliteFilePath } from "../../app/db/database-url";
import { migratePostgres, migrateSqlite, type MigrationReport } from "../../app/db/migrations.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const url = process.env.DATABASE_URL ?? "";

let report: MigrationReport;
let where: string;
if (databaseKind(url) === "postgres") {
  const schema = new URL(url).searchParams.get("schema");
  where = `PostgreSQL ${new URL(url).host}${new URL(url).pathname}${schema ? ` schema ${schema}` : ""}`;
  report = await migratePostgres(url, path.join(root, "prisma/postgres/migrations"));
} else {
  const file = sqliteFilePath(url, root);
  where = `SQLite ${path.relative(root, file) || file}`;
  report = migrateSqlite(file, path.join(root, "prisma/migrations"));
}
console.log(
  report.applied.length > 0
    ? `${where}: applied ${report.applied.join(", ")}`
    : `${where}: up to date (${report.alreadyApplied} migrations)`,
);
