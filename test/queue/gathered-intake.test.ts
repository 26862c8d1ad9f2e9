// The intake stores the deliveries that arrive together in one statement and one transaction, and answers each
// whether it was new: a webhook id sent twice in one batch is stored once, a delivery for a shop that is not
// installed not at all (app/queue/delivery-intake-store.server.ts,
// docs/decisions/063-the-intake-gathers-on-postgresql.md). Real databases, both kinds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseKind } from "~/db/database-url";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "gathered.myshopify.com";

const delivery = (id: string, shop = SHOP) => ({
  id,
  shop,
  topic: "customers/create" as const,
  payload: { id: 501, note: `a "quoted" \\ payload of ${id}` },
  receivedAt: new Date(),
});

async function databaseWithShop(kind: DatabaseKind): Promise<TestDatabase> {
  const t = await createTestDatabase(kind);
  await upsertShop(t.db.prisma, { domain: SHOP, name: "Gathered shop", currencyCode: "USD" });
  return t;
}

describe.each(testDatabaseKinds())("the intake gathering deliveries on %s", (kind) => {
  let t: TestDatabase;

  beforeEach(async () => {
    t = await databaseWithShop(kind);
  });
  afterEach(async () => {
    await t.destroy();
  });

  const stored = async () => t.db.prisma.webhookDelivery.findMany({ orderBy: { id: "asc" }, select: { id: true, shop: true, payload: true, status: true } });

  it("answers each delivery of a batch whether it was new, storing a twice-sent id once and none for an unknown shop", async () => {
    const answers = await Promise.all([
      t.db.deliveries.enqueue(delivery("a")),
      t.db.deliveries.enqueue(delivery("b")),
      t.db.deliveries.enqueue(delivery("a")),
      t.db.deliveries.enqueue(delivery("c", "not-installed.myshopify.com")),
    ]);
    expect(answers).toEqual([true, true, false, false]);
    const rows = await stored();
    expect(rows.map((row) => row.id)).toEqual(["a", "b"]);
    expect(rows.every((row) => row.status === "queued" && row.shop === SHOP)).toBe(true);
    expect(JSON.parse(rows[0]?.payload ?? "null")).toEqual(delivery("a").payload);
    // Sent again later, in a batch of its own: still not stored twice.
    expect(await t.db.deliveries.enqueue(delivery("b"))).toBe(false);
  });
});

// One statement per delivery was a commit per delivery on PostgreSQL; SQLite's batches are held by
// intake-hand-off.test.ts, which sees what each batch handed over.
describe.runIf(testDatabaseKinds().includes("postgres"))("the intake gathering deliveries on postgres, in transactions", () => {
  let t: TestDatabase;

  beforeEach(async () => {
    t = await databaseWithShop("postgres");
  });
  afterEach(async () => {
    await t.destroy();
  });

  it("stores the deliveries that arrive together in one transaction", async () => {
    await Promise.all(["d", "e", "f", "g"].map((id) => t.db.deliveries.enqueue(delivery(id))));
    // Rows a transaction inserts carry its id as their xmin.
    const transactions = await t.db.sql.all<{ n: number }>("SELECT COUNT(DISTINCT xmin::text) AS n FROM webhook_deliveries");
    expect(Number(transactions[0]?.n)).toBe(1);
  });
});
