// Writes prisma/postgres/schema.prisma from prisma/schema.prisma, the one model source.
// Only the provider and the client's output folder differ; with --check, exits 1 when the file is stale.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { postgresSchemaFrom, paths } from "./schema-files.mjs";

const expected = postgresSchemaFrom(readFileSync(paths.sqliteSchema, "utf8"));
const check = process.argv.includes("--check");
let current = "";
try {
  current = readFileSync(paths.postgresSchema, "utf8");
} catch {
  current = "";
}
if (check) {
  if (current !== expected) {
    console.error("prisma/postgres/schema.prisma is out of date with prisma/schema.prisma: run `npm run db:postgres-schema`");
    process.exit(1);
  }
  console.log("prisma/postgres/schema.prisma matches prisma/schema.prisma");
} else if (current !== expected) {
  mkdirSync(paths.postgresDir, { recursive: true });
  writeFileSync(paths.postgresSchema, expected);
  console.log("wrote prisma/postgres/schema.prisma");
}
