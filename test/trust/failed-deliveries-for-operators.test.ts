// Deliveries that fail are counted where an operator looks: GET /healthz (no authentication, counts only) and the
// line `npm run jobs` prints, which also says when a run had failures (exit status 1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { runTsx } from "../support/tsx-processes";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "operators.myshopify.com";
const JOBS = "scripts/jobs.ts";

describe.each(testDatabaseKinds())("failed deliveries for operators on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.useProgram(SHOP, () => undefined);
  });
  afterAll(() => t.destroy());

  async function health() {
    const response = await h.app(new Request("http://localhost/healthz"));
    expect(response.status).toBe(200);
    return response.json();
  }

  it("counts queued and failed deliveries and the oldest one's age, and npm run jobs reports the failures", async () => {
    expect(await health()).toEqual({ ok: true, queue: { queued: 0, failed: 0, oldestQueuedSeconds: null } });

    for (const id of [1, 2, 3]) expect((await h.send(SHOP, "orders/paid", orderPayload({ id, customer: { id }, subtotal: "10.00" }), { webhookId: `op-${id}` })).status).toBe(200);
    // One delivery failed for good (its last attempt), one keeps failing (the database refuses its order), one waits.
    await t.sql(`UPDATE webhook_deliveries SET status = 'failed', attempts = 10, last_error = 'Error: refused' WHERE id = 'op-1'`);
    if (kind === "sqlite") {
      await t.sql(`CREATE TRIGGER refuse_order_2 BEFORE INSERT ON orders FOR EACH ROW WHEN NEW.order_id = '2' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    } else {
      await t.sql(`CREATE FUNCTION refuse_order_2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
      await t.sql(`CREATE TRIGGER refuse_order_2 BEFORE INSERT ON orders FOR EACH ROW WHEN (NEW.order_id = '2') EXECUTE FUNCTION refuse_order_2()`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await health();
    expect(waiting).toMatchObject({ ok: true, queue: { queued: 2, failed: 1 } });
    expect(waiting.queue.oldestQueuedSeconds).toBeGreaterThanOrEqual(1);

    const run = await runTsx(JOBS, [], { DATABASE_URL: t.url, TALLY_BACKGROUND_JOBS: "0", NODE_ENV: "test" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 webhook deliveries processed \(1 failed, will retry\)/);
    expect(run.stdout).toMatch(/queue: 1 waiting, 1 failed for good/);
    expect(await health()).toMatchObject({ ok: true, queue: { queued: 1, failed: 1 } });
  });
});
