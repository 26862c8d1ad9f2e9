// Decides once per run which databases the integration suite covers: SQLite always, PostgreSQL whenever one is
// reachable (TALLY_TEST_POSTGRES_URL, default the local server). With TALLY_REQUIRE_POSTGRES=1 (set by .ci/run)
// an unreachable PostgreSQL fails the run instead of being skipped.
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const TEST_DATABASE = "tally_test";

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TALLY_TEST_POSTGRES_URL ?? DEFAULT_URL;
  if (!(await reachable(adminUrl))) {
    if (process.env.TALLY_REQUIRE_POSTGRES === "1") {
      throw new Error(`PostgreSQL is required (TALLY_REQUIRE_POSTGRES=1) but ${adminUrl} is not reachable`);
    }
    console.warn(`PostgreSQL not reachable at ${adminUrl}: the integration suite runs on SQLite only.`);
    project.provide("postgresUrl", null);
    return;
  }
  // One database for the run; every test file gets its own schema in it.
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEST_DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${TEST_DATABASE}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${TEST_DATABASE}`;
  project.provide("postgresUrl", url.toString());
}
