// Where the schemas and migrations live, and how the PostgreSQL schema is derived from the SQLite one.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const paths = {
  root,
  sqliteSchema: path.join(root, "prisma/schema.prisma"),
  sqliteMigrations: path.join(root, "prisma/migrations"),
  postgresDir: path.join(root, "prisma/postgres"),
  postgresSchema: path.join(root, "prisma/postgres/schema.prisma"),
  postgresMigrations: path.join(root, "prisma/postgres/migrations"),
};

export const providers = [
  { name: "sqlite", schema: paths.sqliteSchema, migrations: paths.sqliteMigrations },
  { name: "postgresql", schema: paths.postgresSchema, migrations: paths.postgresMigrations },
];

const HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:postgres-schema`. Do not edit: change the model source.\n";

export function postgresSchemaFrom(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=(\s*)"\.\.\/app\/db\/generated\/sqlite"/, 'output$1=$2"../../app/db/generated/postgres"');
  if (replaced.includes('"sqlite"') || !replaced.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma: expected provider \"sqlite\" and output \"../app/db/generated/sqlite\"");
  }
  return HEADER + replaced;
}
