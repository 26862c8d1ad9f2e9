// One page of a keyset-paginated list, newest first: which rows to show and the cursors to the pages either side.
// The query asked for pageSize + 1 rows, so the extra row tells whether there is more in that direction.
import type { Cursor } from "./activity-filters";

export interface KeysetRow {
  createdAt: Date;
  id: string;
}

export interface KeysetPage<T> {
  rows: T[];
  newer: Cursor | null;
  older: Cursor | null;
}

/**
 * `fetched` is newest first. Coming from an older page ("newer" cursor), the extra row is the newest one; otherwise
 * it is the oldest. A page reached through a cursor always has a page on the side it came from.
 */
export function keysetPage<T extends KeysetRow>(fetched: readonly T[], pageSize: number, cursor: Cursor | undefined): KeysetPage<T> {
  const more = fetched.length > pageSize;
  const goingNewer = cursor?.direction === "newer";
  const rows = more ? (goingNewer ? fetched.slice(1) : fetched.slice(0, pageSize)) : [...fetched];
  const first = rows[0];
  const last = rows[rows.length - 1];
  const at = (row: T | undefined, direction: Cursor["direction"]): Cursor | null =>
    row ? { direction, createdAt: row.createdAt, id: row.id } : null;
  const hasNewer = goingNewer ? more : cursor !== undefined;
  const hasOlder = goingNewer ? true : more;
  return { rows, newer: hasNewer ? at(first, "newer") : null, older: hasOlder ? at(last, "older") : null };
}
