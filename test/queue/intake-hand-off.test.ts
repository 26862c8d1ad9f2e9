// The SQLite intake's hand-off (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md): with a writer
// given (in production the settlement thread's connection), each batch is stored through it; when the writer
// fails, whether before or after it stored the batch, the intake stores on its own connection, and a delivery is
// never stored twice or answered as new twice. Real SQLite, two connections on one file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TallyDatabase } from "~/db/database.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import type { IntakeRow, IntakeWriter } from "~/queue/delivery-intake-store.server";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "hand-off.myshopify.com";

/** The SQLite intake's hand-off; a database without one fails the test. */
function handOff(database: TallyDatabase, writer: IntakeWriter | null): void {
  if (!database.deliveries.storeThrough) throw new Error("the SQLite intake has no hand-off");
  database.deliveries.storeThrough(writer);
}

function storeRowsOf(database: TallyDatabase): IntakeWriter {
  if (!database.deliveries.storeRows) throw new Error("the SQLite intake stores no handed rows");
  return database.deliveries.storeRows;
}

const delivery = (id: string) => ({ id, shop: SHOP, topic: "customers/create" as const, payload: { id: 501 }, receivedAt: new Date() });

describe.runIf(testDatabaseKinds().includes("sqlite"))("the SQLite intake handing its batches to another connection", () => {
  let t: TestDatabase;
  let other: TallyDatabase;
  const handed: IntakeRow[][] = [];

  beforeEach(async () => {
    t = await createTestDatabase("sqlite");
    other = t.open();
    handed.length = 0;
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Hand-off shop", currencyCode: "USD" });
  });
  afterEach(async () => {
    await other.close();
    await t.destroy();
  });

  const stored = async () => (await t.db.prisma.webhookDelivery.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } })).map((row) => row.id);
  /** The other connection's writer, which records what it was handed. */
  const otherConnection: IntakeWriter = (rows) => {
    handed.push(rows);
    return storeRowsOf(other)(rows);
  };

  it("stores each batch through the writer, and answers whether each delivery was new", async () => {
    handOff(t.db, otherConnection);
    const answers = await Promise.all([t.db.deliveries.enqueue(delivery("a")), t.db.deliveries.enqueue(delivery("b")), t.db.deliveries.enqueue(delivery("a"))]);
    expect(answers).toEqual([true, true, false]);
    // Arrived together, handed over as one batch.
    expect(handed).toHaveLength(1);
    expect(handed[0]).toHaveLength(3);
    expect(await stored()).toEqual(["a", "b"]);
  });

  it("hands a batch without waiting for the answer to the one before", async () => {
    const unanswered: (() => void)[] = [];
    let answering = false;
    handOff(t.db, (rows) => {
      handed.push(rows);
      const answer = () => storeRowsOf(other)(rows);
      if (answering) return answer();
      return new Promise((resolve, reject) => unanswered.push(() => void answer().then(resolve, reject)));
    });
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const first = t.db.deliveries.enqueue(delivery("g"));
    await turns(5);
    const second = t.db.deliveries.enqueue(delivery("h"));
    await turns(5);
    const handedBeforeAnyAnswer = handed.length;
    answering = true;
    for (const answer of unanswered) answer();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(handedBeforeAnyAnswer).toBe(2);
    expect(await stored()).toEqual(["g", "h"]);
  });

  it("stores on its own connection when the writer fails before storing", async () => {
    handOff(t.db, async (rows) => {
      handed.push(rows);
      throw new Error("the settlement thread stopped before it stored the deliveries");
    });
    expect(await t.db.deliveries.enqueue(delivery("c"))).toBe(true);
    expect(handed).toHaveLength(1);
    expect(await stored()).toEqual(["c"]);
  });

  it("stores nothing twice when the writer stored the batch and its answer was lost", async () => {
    handOff(t.db, async (rows) => {
      await otherConnection(rows);
      throw new Error("the settlement thread stopped before it answered");
    });
    // Stored once, by the writer; the intake's own insert finds it there and says so.
    expect(await t.db.deliveries.enqueue(delivery("d"))).toBe(false);
    expect(await stored()).toEqual(["d"]);
  });

  it("stores on its own connection again once the writer is taken away", async () => {
    handOff(t.db, otherConnection);
    expect(await t.db.deliveries.enqueue(delivery("e"))).toBe(true);
    handOff(t.db, null);
    expect(await t.db.deliveries.enqueue(delivery("f"))).toBe(true);
    expect(handed).toHaveLength(1);
    expect(await stored()).toEqual(["e", "f"]);
  });
});

describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("the %s intake", (kind) => {
  it("has no hand-off: every instance's pool stores its own deliveries", async () => {
    const t = await createTestDatabase(kind);
    try {
      expect(t.db.deliveries.storeThrough).toBeUndefined();
      expect(t.db.deliveries.storeRows).toBeUndefined();
    } finally {
      await t.destroy();
    }
  });
});
