// How often the checkpoint thread copies SQLite's WAL into the database (wal-checkpoints.server.ts), and the size
// at which a connection that writes copies it itself, so that the WAL starts over.

/**
 * With settlement on its own thread, a thread of its own copies the WAL into the database every second, and a
 * connection that writes copies it only once it has grown this far (1 GB), which only a checkpoint thread that
 * stopped lets happen: the copy ends in an fsync, and the intake's batches, which the settlement thread stores,
 * waited for it (docs/decisions/061-the-intake-stores-on-the-settlement-connection.md). Under writes that never
 * pause, that copy is also the only moment the WAL starts over (docs/performance.md).
 */
export const WAL_RESTART_PAGES = 250_000;

/** Often enough that each copy is small (about a second's writes), rarely enough that its fsync costs little. */
export const CHECKPOINT_EVERY_MS = 1_000;

/**
 * Once the WAL holds this share of WAL_RESTART_PAGES, copies come every CHECKPOINT_NEAR_RESTART_MS: the writing
 * connection's own copy, made while the intake's batches wait for it, then finds a few milliseconds' pages left
 * to copy instead of up to a second's (docs/decisions/076-copies-close-together-before-the-wal-starts-over.md).
 * Only then: a copy every 50 ms all the time took too much of two cores (docs/performance.md).
 */
const NEAR_RESTART_SHARE = 0.8;
export const CHECKPOINT_NEAR_RESTART_MS = 50;

/** How long until the next copy, given how many pages the WAL held after the last one. */
export function nextCheckpointMs(walPages: number): number {
  return walPages >= WAL_RESTART_PAGES * NEAR_RESTART_SHARE ? CHECKPOINT_NEAR_RESTART_MS : CHECKPOINT_EVERY_MS;
}
