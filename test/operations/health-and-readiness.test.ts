// The probes a load balancer or an orchestrator asks, through the built app (server-app.mjs serves them ahead of
// Remix), on SQLite and PostgreSQL: /healthz says the process is alive even when its database is not, /readyz
// says whether the database answers with every migration this build ships applied, and why not otherwise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

describe.each(testDatabaseKinds())("health and readiness on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  it("answers /healthz alive with the queue's counts, uncached", async () => {
    const response = await app(new Request("http://localhost/healthz"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, queue: { queued: 0, failed: 0, oldestQueuedSeconds: null } });
  });

  it("answers /readyz 200 when every migration is applied, and 503 naming the one that is not", async () => {
    const ready = await app(new Request("http://localhost/readyz"));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });

    // As if this build were newer than the database: its latest migration has not been applied.
    const [latest] = await t.sql<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`);
    const name = latest?.migration_name ?? "";
    expect(name).not.toBe("");
    await t.sql(`UPDATE "_prisma_migrations" SET migration_name = 'renamed-for-the-test' WHERE migration_name = '${name}'`);
    try {
      const behind = await app(new Request("http://localhost/readyz"));
      expect(behind.status).toBe(503);
      const body = await behind.json();
      expect(body).toEqual({ ready: false, reason: `1 migration is not applied: ${name}. Run \`npm run db:migrate\` (npm start does it).` });
      // Alive all the same: restarting the process would not apply the migration.
      expect((await app(new Request("http://localhost/healthz"))).status).toBe(200);
    } finally {
      await t.sql(`UPDATE "_prisma_migrations" SET migration_name = '${name}' WHERE migration_name = 'renamed-for-the-test'`);
    }
    expect((await app(new Request("http://localhost/readyz"))).status).toBe(200);
  });

  // On SQLite the app prepares its ledger statements when it opens the file: an unmigrated file or one that cannot
  // be opened stops it at start, so there the not-ready case is the missing migration above.
  if (kind === "postgres") {
    it("answers /readyz 503 when the database was never migrated", async () => {
      // A database that answers but holds nothing of Tally's: a PostgreSQL schema no one created.
      const url = withSchema(t.url, `unmigrated_${Date.now()}`);
      try {
        const unmigrated = await loadBuiltApp({ DATABASE_URL: url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
        const readiness = await unmigrated(new Request("http://localhost/readyz"));
        expect(readiness.status).toBe(503);
        expect(await readiness.json()).toEqual({ ready: false, reason: "The database has no migration history: run `npm run db:migrate` (npm start does it)." });
        expect((await unmigrated(new Request("http://localhost/healthz"))).status).toBe(200);
      } finally {
        await globalThis.__tallyDatabases?.get(url)?.close();
        globalThis.__tallyDatabases?.delete(url);
      }
    });

    it("answers /readyz 503 and /healthz 200 when the database server does not answer", async () => {
      const down = await loadBuiltApp({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/tally", SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
      const readiness = await down(new Request("http://localhost/readyz"));
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toEqual({ ready: false, reason: "The database does not answer; see the log for the driver's error." });
      const health = await down(new Request("http://localhost/healthz"));
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, queue: null });
    });
  }
});

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}
