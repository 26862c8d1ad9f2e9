// Copying SQLite's WAL into the database file (a checkpoint), on a thread of its own beside the intake and
// settlement (settlement-thread.mjs starts it with the role "checkpoint"; app/webhooks/settlement-thread.server.ts
// keeps it running). A checkpoint copies every page written since the last one and ends in an fsync: in the
// settlement thread, which also stores the intake's batches, every batch that arrived meanwhile waited for it.
// Here it waits for no one and no one waits for it: a PASSIVE checkpoint takes no lock a writer needs
// (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md). It copies once a second, and every 50 ms
// as the WAL nears the size at which the writer copies it and it starts over (wal-checkpoint-cadence.ts).
import type { DriverSql } from "./driver-sql.server";
import { db } from "./db.server";
import { log } from "~/operations/logger.server";
import { CHECKPOINT_EVERY_MS, nextCheckpointMs } from "./wal-checkpoint-cadence";

/** One PASSIVE copy of the WAL into the database; returns how many pages the WAL holds (SQLite's `log`). */
export async function copyWal(sql: DriverSql): Promise<number> {
  return Number((await sql.get<{ log: number }>("PRAGMA wal_checkpoint(PASSIVE)"))?.log ?? 0);
}

export function checkpointOnThisThread(): void {
  const database = db();
  if (database.kind !== "sqlite") return;
  const pass = async () => {
    let walPages = 0;
    try {
      walPages = await copyWal(database.sql);
    } catch (error) {
      log().warn({ err: error }, "copying the WAL into the database failed; the next pass tries again");
    }
    setTimeout(() => void pass(), nextCheckpointMs(walPages));
  };
  setTimeout(() => void pass(), CHECKPOINT_EVERY_MS);
}
