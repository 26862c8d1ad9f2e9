// Runs the Prisma CLI the way these machines need it: with a DATABASE_URL of the right kind (the CLI reads the
// schema's datasource even when it only diffs), and with the "Loaded Prisma config" line it prints on stdout removed.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { paths } from "./schema-files.mjs";

// Datamodel-to-datamodel diffs need no database, but the CLI still boots its WASM engine through the configured
// driver adapter; a throwaway SQLite file serves for both providers, so no PostgreSQL server is needed to diff.
const PLACEHOLDER_URL = `file:${path.join(os.tmpdir(), "tally-prisma-cli.sqlite")}`;

export function prisma(args, { databaseUrl, allowExitCodes = [0] } = {}) {
  const bin = path.join(paths.root, "node_modules", ".bin", "prisma");
  const result = spawnSync(bin, args, {
    cwd: paths.root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl ?? PLACEHOLDER_URL, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.error) throw result.error;
  if (!allowExitCodes.includes(result.status ?? -1)) {
    throw new Error(`prisma ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  const stdout = result.stdout
    .split("\n")
    .filter((line) => !line.startsWith("Loaded Prisma config from"))
    .join("\n");
  return { status: result.status, stdout, stderr: result.stderr };
}

/** DDL that takes a database from `from` (a schema file, or null for empty) to `to`. */
export function migrationSql(from, to) {
  const fromArgs = from ? ["--from-schema-datamodel", from] : ["--from-empty"];
  return prisma(["migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"], {}).stdout.trim();
}
