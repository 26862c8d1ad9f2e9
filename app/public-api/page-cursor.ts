// The opaque cursor of a keyset page: the (created_at, id) of the last row a page returned, so rows written in
// the same millisecond are neither skipped nor repeated. Clients pass it back as they got it.
import { z } from "zod";

export interface PageCursor {
  createdAt: Date;
  id: string;
}

const cursorSchema = z.tuple([z.number().int().nonnegative(), z.string().min(1).max(64)]);

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.getTime(), cursor.id])).toString("base64url");
}

/** The cursor, or null when `text` is not one this API gave out. */
export function decodeCursor(text: string): PageCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
