// A caller that opens unit of work after unit of work (the job run's feed turns, on the settlement thread) must
// not hold its thread: on SQLite every statement resolves at once, and without a turn of the event loop between
// units no timer, message or I/O of anyone else's would run until the caller stopped (app/db/sqlite-connection.server.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const UNITS = 300;

describe.each(testDatabaseKinds())("units of work and the event loop on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.destroy());

  // Prisma's writes outside a unit are each a unit of their own (the job run's senders mark their sends so): they
  // ran on promise callbacks alone before every unit let the loop turn.
  it("lets the thread's timers and messages run while a caller writes one row after another", async () => {
    let units = 0;
    let timerAt: number | null = null;
    let messageAt: number | null = null;
    const timer = setTimeout(() => (timerAt = units), 1);
    const { port1, port2 } = new MessageChannel();
    port2.onmessage = () => (messageAt = units);
    port1.postMessage("kick");
    try {
      while (units < UNITS) {
        await t.db.prisma.shop.updateMany({ where: { domain: "nobody.myshopify.com" }, data: { name: "Nobody" } });
        units += 1;
      }
    } finally {
      clearTimeout(timer);
      port1.close();
      port2.close();
    }
    expect(timerAt).not.toBeNull();
    expect(timerAt).toBeLessThan(UNITS);
    expect(messageAt).not.toBeNull();
    expect(messageAt).toBeLessThan(UNITS);
  });
});
