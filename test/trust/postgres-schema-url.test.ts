// DATABASE_URL=postgresql://…?schema=name is one schema end to end: `npm start`'s migration (scripts/db/migrate.ts)
// creates and migrates it, two app instances serve webhooks from it, and `npm run db:migrate`, `npm run jobs` and
// `npm run ledger:check` read and write it, leaving the database's public schema empty.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { runTsx } from "../support/tsx-processes";
import { until } from "../support/until";

const SHOP = "schema-url.myshopify.com";
const SCHEMA = "tally_shop_data";
const postgres = inject("postgresUrl");

describe.skipIf(!postgres)("DATABASE_URL with ?schema= on PostgreSQL", () => {
  const database = `tally_schema_${randomBytes(4).toString("hex")}`;
  let admin: pg.Client;
  let url: string;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    requireBuild();
    admin = new pg.Client({ connectionString: postgres ?? undefined });
    await admin.connect();
    // A database of its own, so that "nothing in public" is about this test alone.
    await admin.query(`CREATE DATABASE ${database}`);
    const target = new URL(postgres ?? "");
    target.pathname = `/${database}`;
    target.searchParams.set("schema", SCHEMA);
    url = target.toString();
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  const cliEnv = () => ({ ...productionEnv(url), TALLY_BACKGROUND_JOBS: "0" });

  async function inDatabase<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
    const target = new URL(url);
    target.searchParams.delete("schema");
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  async function start() {
    const port = await freePort();
    const server = spawnServer({ ...cliEnv(), PORT: String(port), TALLY_BACKGROUND_JOBS: "1" });
    servers.push(server);
    await waitUntilListening(server);
    return `http://localhost:${port}`;
  }

  async function deliver(origin: string, orderId: number) {
    const request = signedWebhook("/webhooks/orders/paid", "orders/paid", orderPayload({ id: orderId, customer: { id: orderId }, subtotal: "25.00" }), { shop: SHOP });
    return fetch(`${origin}/webhooks/orders/paid`, { method: "POST", headers: request.headers, body: await request.text() });
  }

  it("migrates, serves from two instances, runs the jobs and the ledger check, all in that schema", async () => {
    // What `npm start` runs before the server.
    const migrated = await runTsx("scripts/db/migrate.ts", [], cliEnv(), 60_000);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`schema ${SCHEMA}: applied`);
    // The shop as an install leaves it: deliveries for a shop that is not installed are not stored.
    await inDatabase(
      `INSERT INTO ${SCHEMA}.shops (domain, name, currency_code, program_rules) VALUES ('${SHOP}', 'Schema shop', 'USD', '${JSON.stringify(defaultProgramRules())}')`,
    );

    const [first, second] = await Promise.all([start(), start()]);
    for (let order = 1; order <= 6; order++) expect((await deliver(order % 2 ? (first as string) : (second as string), order)).status).toBe(200);

    const again = await runTsx("scripts/db/migrate.ts", [], cliEnv(), 60_000);
    expect(again.stdout).toMatch(/up to date/);
    const jobs = await runTsx("scripts/jobs.ts", [], cliEnv(), 60_000);
    expect(jobs.code, jobs.stderr).toBe(0);
    // The instances' own workers and the cron run share the queue: every order is settled once.
    const transfers = await until(
      "every order's points",
      () => inDatabase<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.transfers WHERE shop = '${SHOP}' AND code = 'PURCHASE'`),
      (rows) => Number(rows[0]?.n) === 6,
      20_000,
    );
    expect(Number(transfers[0]?.n)).toBe(6);
    expect(await inDatabase(`SELECT count(*)::int AS n FROM ${SCHEMA}.webhook_deliveries WHERE status <> 'done'`)).toEqual([{ n: 0 }]);

    const check = await runTsx("scripts/ledger-check.ts", [], cliEnv(), 60_000);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(`schema ${SCHEMA}`);

    expect(await inDatabase(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([]);
  });
});
