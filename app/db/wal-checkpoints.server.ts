// Copying SQLite's WAL into the database file (a checkpoint), on a thread of its own beside the intake and
// settlement (settlement-thread.mjs starts it with the role "checkpoint"; app/webhooks/settlement-thread.server.ts
// keeps it running). A checkpoint copies every page written since the last one and ends in an fsync: in the
// settlement thread, which also stores the intake's batches, every batch that arrived meanwhile waited for it.
// Here it waits for no one and no one waits for it: a PASSIVE checkpoint takes no lock a writer needs
// (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md). Once writes stop, a WAL file that grew
// past WAL_FILE_LIMIT_BYTES is cut to nothing (docs/decisions/062-the-wal-file-is-cut-back-once-writes-stop.md).
import { existsSync, statSync } from "node:fs";
import { db } from "./db.server";
import { log } from "~/operations/logger.server";

/** Often enough that each copy is small (about a second's writes), rarely enough that its fsync costs little. */
const CHECKPOINT_EVERY_MS = 1_000;
/**
 * The -wal file's size past which it is cut to nothing once writes stop. Under writes that never pause the WAL
 * starts over only past about a gigabyte, and SQLite keeps the file at its largest size: a sale left a gigabyte
 * beside the database for good. Cutting it while writes go on stalled them for as long as the file system took
 * to free the blocks (600 ms for a gigabyte).
 */
const WAL_FILE_LIMIT_BYTES = 64 * 1024 * 1024;

interface CheckpointResult {
  busy: number;
  /** Frames in the WAL. */
  log: number;
  checkpointed: number;
}

export function checkpointOnThisThread(): void {
  const database = db();
  if (database.kind !== "sqlite") return;
  let walFile: string | undefined;
  let before: CheckpointResult | undefined;
  let copying = false;

  async function copy(): Promise<void> {
    const [copied] = await database.sql.all<CheckpointResult>("PRAGMA wal_checkpoint(PASSIVE)");
    // Writes stopped: nothing was added to the WAL for a whole second, and all of it is in the database file.
    const stopped = copied !== undefined && before !== undefined && copied.log === before.log && copied.checkpointed === copied.log;
    before = copied;
    if (!stopped) return;
    walFile ??= `${(await database.sql.all<{ file: string }>("PRAGMA database_list"))[0]?.file ?? ""}-wal`;
    if (!existsSync(walFile) || statSync(walFile).size <= WAL_FILE_LIMIT_BYTES) return;
    // Takes the write lock and waits for readers to leave the WAL (busy_timeout); a write that comes meanwhile
    // waits for the cut, and one in progress makes it change nothing until writes stop again.
    await database.sql.all("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  setInterval(() => {
    // A copy that outlasts the second (a slow disk) is not joined by another.
    if (copying) return;
    copying = true;
    copy()
      .catch((error: unknown) => log().warn({ err: error }, "copying the WAL into the database failed; the next second tries again"))
      .finally(() => (copying = false));
  }, CHECKPOINT_EVERY_MS);
}
