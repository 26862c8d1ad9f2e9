// The webhook intake waits for the database's write lock, as every other write of the app does, instead of
// answering 500 because another connection (another process: `npm run jobs`, a second instance) holds it.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "write-lock.myshopify.com";
const HELD_MS = 200;

describe.each(testDatabaseKinds())("webhook intake while another connection holds the write lock on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    // Deliveries for a shop that is not installed are not stored.
    await h.install(SHOP);
  });
  afterAll(() => t.destroy());

  /** Takes the lock a delivery's INSERT needs from a connection of its own; resolves to its release. */
  async function holdWriteLock(): Promise<() => Promise<void>> {
    if (kind === "sqlite") {
      await t.sql("BEGIN IMMEDIATE");
      return async () => void (await t.sql("COMMIT"));
    }
    const client = new pg.Client({ connectionString: t.url.replace(/\?schema=.*$/, "") });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`LOCK TABLE "${new URL(t.url).searchParams.get("schema")}".webhook_deliveries IN SHARE ROW EXCLUSIVE MODE`);
    return async () => {
      await client.query("COMMIT");
      await client.end();
    };
  }

  it("answers 200 and stores the delivery once the lock is released", async () => {
    const release = await holdWriteLock();
    const started = Date.now();
    const answer = h.send(SHOP, "orders/paid", orderPayload({ id: 1, customer: { id: 1 }, subtotal: "10.00" }), { webhookId: "held-1" });
    await new Promise((resolve) => setTimeout(resolve, HELD_MS));
    await release();
    const response = await answer;
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HELD_MS);
    expect(await t.db.prisma.webhookDelivery.findUnique({ where: { id: "held-1" }, select: { status: true, topic: true } })).toEqual({ status: "queued", topic: "orders/paid" });
  });
});
