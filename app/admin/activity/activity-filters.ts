// The Activity page's query string: which view, its filters and its page, parsed with zod so a hand-edited or
// stale link gets a 400 that says what is wrong rather than an empty or wrong page.
import { z } from "zod";
import { AUDIT_ACTIONS } from "~/loyalty/audit/audit-log.server";
import { activityStrings } from "~/admin/strings/activity";
import { TRANSFER_CODES } from "~/loyalty/ledger/transfer-codes";

const e = activityStrings.errors;

/** A keyset position: the (created_at, id) of the row a page starts after, and which way it goes. */
export interface Cursor {
  direction: "older" | "newer";
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  const payload = Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString("base64url");
  return `${cursor.direction === "older" ? "o" : "n"}.${payload}`;
}

const cursorPayload = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

export function decodeCursor(text: string): Cursor | null {
  const match = /^([on])\.([A-Za-z0-9_-]{1,400})$/.exec(text);
  if (!match?.[2]) return null;
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(match[2], "base64url").toString("utf8")));
    if (!parsed.success) return null;
    return { direction: match[1] === "o" ? "older" : "newer", createdAt: new Date(parsed.data[0]), id: parsed.data[1] };
  } catch {
    return null;
  }
}

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const cursorSchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: e.badCursor });
        return z.NEVER;
      }
      return cursor;
    })
    .optional(),
);

const dateSchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: e.badDate })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
      error: e.badDate,
    })
    .optional(),
);

export const activitySearchSchema = z
  .object({
    view: z.preprocess(emptyToUndefined, z.enum(["ledger", "audit"], { error: e.badView }).default("ledger")),
    code: z.preprocess(emptyToUndefined, z.enum(TRANSFER_CODES, { error: e.badCode }).optional()),
    member: z.preprocess(emptyToUndefined, z.string().trim().max(100, { error: e.memberTooLong }).optional()),
    from: dateSchema,
    to: dateSchema,
    cursor: cursorSchema,
    action: z.preprocess(emptyToUndefined, z.enum(AUDIT_ACTIONS, { error: e.badAction }).optional()),
  })
  .refine((search) => !search.from || !search.to || search.from <= search.to, { error: e.dateOrder, path: ["to"] });

export type ActivitySearch = z.infer<typeof activitySearchSchema>;

/** The UTC instants a from/to date filter covers: from the start of `from` to the end of `to`. */
export function dateRange(search: Pick<ActivitySearch, "from" | "to">): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  if (search.from) range.gte = new Date(`${search.from}T00:00:00Z`);
  if (search.to) range.lt = new Date(new Date(`${search.to}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000);
  return range;
}
