import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabaseKinds())("named locks on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.destroy());

  it("runs work under one name one at a time, across handles where the database allows several instances", async () => {
    const other = kind === "postgres" ? t.open() : t.db;
    const events: string[] = [];
    const work = (who: string) => async () => {
      events.push(`${who} in`);
      await pause(30);
      events.push(`${who} out`);
      return who;
    };
    const results = await Promise.all([t.db.withLock("order:x:1", work("a")), other.withLock("order:x:1", work("b")), t.db.withLock("order:x:1", work("c"))]);
    expect(results).toEqual(["a", "b", "c"]);
    for (let n = 0; n < events.length; n += 2) {
      expect(events[n]?.endsWith(" in")).toBe(true);
      expect(events[n + 1]).toBe(events[n]?.replace(" in", " out"));
    }
  });

  it("lets different names run side by side and releases a lock when the work fails", async () => {
    const events: string[] = [];
    await expect(t.db.withLock("order:x:2", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await Promise.all([
      t.db.withLock("order:x:2", async () => { events.push("2 in"); await pause(30); events.push("2 out"); }),
      t.db.withLock("order:x:3", async () => { events.push("3 in"); await pause(30); events.push("3 out"); }),
    ]);
    expect(events.slice(0, 2).sort()).toEqual(["2 in", "3 in"]);
  });
});
