// The ledger as the Activity page shows it: a shop's transfers newest first, filtered by code, member and date,
// one keyset page at a time. Every filter combination reads an index in order and stops after a page:
// transfers(shop, created_at), transfers(shop, code, created_at), or transfers(member_id, created_at) for a member.
// Prisma's query API rather than raw SQL keeps date comparison the same on SQLite and PostgreSQL.
import type { ReadOnlyPrisma } from "~/db/database.server";
import { encodeCursor, dateRange, type ActivitySearch, type Cursor } from "./activity-filters";
import { keysetPage } from "./keyset-page";

export const FEED_PAGE_SIZE = 50;
/** A member search naming more members than this filters on the first ones and says so. */
export const MEMBER_MATCH_LIMIT = 200;

const MEMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FeedEntry {
  id: string;
  createdAt: string;
  memberId: string;
  memberName: string | null;
  memberEmail: string | null;
  memberRedacted: boolean;
  code: string;
  points: number;
  status: string;
  orderId: string | null;
  actor: string;
  memo: string | null;
}

export interface LedgerFeed {
  entries: FeedEntry[];
  newerCursor: string | null;
  olderCursor: string | null;
  /** How the member search went: null without one; "capped" when more members matched than are filtered on. */
  memberMatch: null | "some" | "none" | "capped";
}

/** LIKE's wildcards taken literally (escape character !), as in the members list. */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/** Members whose name or email contains the text, whatever the case, the same way on both databases. */
async function membersMatching(prisma: ReadOnlyPrisma, shop: string, text: string): Promise<string[]> {
  if (MEMBER_ID.test(text)) {
    const member = await prisma.member.findFirst({ where: { shop, id: text.toLowerCase() }, select: { id: true } });
    return member ? [member.id] : [];
  }
  // members.search_text is "first last", a line break and the email, lowered by the database (see members-query).
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM members m
    WHERE m.shop = ${shop} AND m.search_text LIKE LOWER(CAST(${containsPattern(text)} AS TEXT)) ESCAPE '!'
    LIMIT ${MEMBER_MATCH_LIMIT + 1}`;
  return rows.map((row) => row.id);
}

function cursorFilter(cursor: Cursor | undefined) {
  if (!cursor) return [];
  const { createdAt, id } = cursor;
  // The redundant lte/gte bound is what lets the database range-scan the index instead of filtering from the top.
  return cursor.direction === "older"
    ? [{ createdAt: { lte: createdAt } }, { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }]
    : [{ createdAt: { gte: createdAt } }, { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] }];
}

export async function queryLedgerFeed(prisma: ReadOnlyPrisma, shop: string, search: ActivitySearch): Promise<LedgerFeed> {
  let memberIds: string[] | undefined;
  let memberMatch: LedgerFeed["memberMatch"] = null;
  if (search.member) {
    memberIds = await membersMatching(prisma, shop, search.member);
    memberMatch = memberIds.length === 0 ? "none" : memberIds.length > MEMBER_MATCH_LIMIT ? "capped" : "some";
    memberIds = memberIds.slice(0, MEMBER_MATCH_LIMIT);
    if (memberIds.length === 0) return { entries: [], newerCursor: null, olderCursor: null, memberMatch };
  }
  const range = dateRange(search);
  const newer = search.cursor?.direction === "newer";
  const fetched = await prisma.transfer.findMany({
    where: {
      // The member ids are this shop's own (membersMatching reads them in the shop), so the shop condition is left
      // out for them: with it, SQLite walks transfers(shop, created_at) of the whole shop looking for their rows
      // instead of reading each member's rows from transfers(member_id, created_at).
      ...(memberIds ? {} : { shop }),
      ...(search.code ? { code: search.code } : {}),
      ...(memberIds ? { memberId: memberIds.length === 1 ? memberIds[0] : { in: memberIds } } : {}),
      AND: [...(range.gte || range.lt ? [{ createdAt: range }] : []), ...cursorFilter(search.cursor)],
    },
    orderBy: newer ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: FEED_PAGE_SIZE + 1,
    include: { member: { select: { firstName: true, lastName: true, email: true, redactedAt: true } } },
  });
  if (newer) fetched.reverse();
  const page = keysetPage(fetched, FEED_PAGE_SIZE, search.cursor);
  return {
    entries: page.rows.map((transfer) => ({
      id: transfer.id,
      createdAt: transfer.createdAt.toISOString(),
      memberId: transfer.memberId,
      memberName: [transfer.member.firstName, transfer.member.lastName].filter(Boolean).join(" ") || null,
      memberEmail: transfer.member.email,
      memberRedacted: transfer.member.redactedAt !== null,
      code: transfer.code,
      points: transfer.points,
      status: transfer.status,
      orderId: transfer.orderId,
      actor: transfer.actor,
      memo: transfer.memo,
    })),
    newerCursor: page.newer ? encodeCursor(page.newer) : null,
    olderCursor: page.older ? encodeCursor(page.older) : null,
    memberMatch,
  };
}
