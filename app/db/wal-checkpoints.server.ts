// Copying SQLite's WAL into the database file (a checkpoint), on a thread of its own beside the intake and
// settlement (settlement-thread.mjs starts it with the role "checkpoint"; app/webhooks/settlement-thread.server.ts
// keeps it running). A checkpoint copies every page written since the last one and ends in an fsync: in the
// settlement thread, which also stores the intake's batches, every batch that arrived meanwhile waited for it.
// Here it waits for no one and no one waits for it: a PASSIVE checkpoint takes no lock a writer needs
// (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md).
import { db } from "./db.server";
import { log } from "~/operations/logger.server";

/** Often enough that each copy is small (about a second's writes), rarely enough that its fsync costs little. */
const CHECKPOINT_EVERY_MS = 1_000;

export function checkpointOnThisThread(): void {
  const database = db();
  if (database.kind !== "sqlite") return;
  setInterval(() => {
    database.sql.exec("PRAGMA wal_checkpoint(PASSIVE)").catch((error: unknown) => log().warn({ err: error }, "copying the WAL into the database failed; the next second tries again"));
  }, CHECKPOINT_EVERY_MS);
}
