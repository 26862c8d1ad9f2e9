// The checkpoint thread's pass (app/db/wal-checkpoints.server.ts) copies SQLite's WAL into the database and reads
// how many pages the WAL holds, which sets when the next pass comes (ADR 076). SQLite only: PostgreSQL has no WAL
// of the app's to copy, and the thread does not start there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyWal } from "~/db/wal-checkpoints.server";
import { nextCheckpointMs, CHECKPOINT_EVERY_MS } from "~/db/wal-checkpoint-cadence";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

describe.each(testDatabaseKinds().filter((kind) => kind === "sqlite"))("copies of the WAL on %s", (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.destroy());

  it("reads the WAL's size as each pass leaves it, growing with the writes", async () => {
    await copyWal(t.db.sql);
    const before = await copyWal(t.db.sql);
    for (let shop = 0; shop < 20; shop++) {
      await upsertShop(t.db.prisma, { domain: `wal-${shop}.myshopify.com`, name: `Shop ${shop}`, currencyCode: "USD" });
    }
    const after = await copyWal(t.db.sql);
    // Twenty commits wrote at least a page each, and the WAL keeps its frames until a writer starts it over.
    expect(after).toBeGreaterThanOrEqual(before + 20);
    const [answer] = await t.sql<{ log: number }>("PRAGMA wal_checkpoint(PASSIVE)");
    expect(after).toBe(Number(answer?.log));
    // Far from 1 GB: the next copy comes in a second.
    expect(nextCheckpointMs(after)).toBe(CHECKPOINT_EVERY_MS);
  });
});
