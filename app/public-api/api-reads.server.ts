// What the public API reads: a shop's members with their balances, a member's transfers, keyset-paged. Every
// query is scoped to the key's shop, so a key never reaches another shop's rows.
import type { z } from "zod";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { isTransferCode } from "~/loyalty/ledger/transfer-codes";
import type { memberSchema, transferSchema } from "./api-schemas";
import { encodeCursor, type PageCursor } from "./page-cursor";

type MemberJson = z.input<typeof memberSchema>;
type TransferJson = z.input<typeof transferSchema>;

const MEMBER_SELECT = {
  id: true,
  customerId: true,
  email: true,
  firstName: true,
  lastName: true,
  tier: true,
  referralCode: true,
  createdAt: true,
  balance: { select: { available: true, posted: true, pendingCredit: true, pendingDebit: true, lifetimeEarned: true } },
} as const;

type MemberRow = { id: string; customerId: string; email: string | null; firstName: string | null; lastName: string | null; tier: string; referralCode: string | null; createdAt: Date; balance: { available: number; posted: number; pendingCredit: number; pendingDebit: number; lifetimeEarned: number } | null };

function memberJson(row: MemberRow): MemberJson {
  const { balance, createdAt, ...rest } = row;
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    balances: balance ?? { available: 0, posted: 0, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 0 },
  };
}

export async function readMember(prisma: ReadOnlyPrisma, shop: string, memberId: string): Promise<MemberJson | null> {
  const row = await prisma.member.findFirst({ where: { id: memberId, shop }, select: MEMBER_SELECT });
  return row ? memberJson(row) : null;
}

/** Whether the member is the shop's: the writes answer 404 for another shop's member before they start. */
export async function memberOfShop(prisma: ReadOnlyPrisma, shop: string, memberId: string): Promise<{ id: string; customerId: string } | null> {
  return prisma.member.findFirst({ where: { id: memberId, shop }, select: { id: true, customerId: true } });
}

function after(cursor: PageCursor | null, direction: "asc" | "desc") {
  if (!cursor) return {};
  const { createdAt, id } = cursor;
  return direction === "asc"
    ? { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] }
    : { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

function page<T, R extends { createdAt: Date; id: string }>(rows: R[], limit: number, json: (row: R) => T): { data: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { data: shown.map(json), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export async function listMembers(
  prisma: ReadOnlyPrisma,
  shop: string,
  query: { email?: string; customerId?: string; cursor: PageCursor | null; limit: number },
) {
  const email = query.email ? { email: { in: [...new Set([query.email, query.email.toLowerCase()])] } } : {};
  const customer = query.customerId ? { customerId: query.customerId } : {};
  const rows = await prisma.member.findMany({
    where: { shop, ...email, ...customer, ...after(query.cursor, "asc") },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    select: MEMBER_SELECT,
  });
  return page(rows, query.limit, memberJson);
}

export function transferJson(row: { id: string; code: string; points: number; status: string; memo: string | null; orderId: string | null; createdAt: Date }): TransferJson {
  if (!isTransferCode(row.code)) throw new Error(`transfer ${row.id} has unknown code ${row.code}`);
  const status = row.status === "pending" || row.status === "posted" || row.status === "voided" ? row.status : null;
  if (!status) throw new Error(`transfer ${row.id} has unknown status ${row.status}`);
  return { id: row.id, code: row.code, points: row.points, status, memo: row.memo, orderId: row.orderId, createdAt: row.createdAt.toISOString() };
}

export async function listTransfers(prisma: ReadOnlyPrisma, shop: string, memberId: string, query: { cursor: PageCursor | null; limit: number }) {
  const rows = await prisma.transfer.findMany({
    where: { shop, memberId, ...after(query.cursor, "desc") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: { id: true, code: true, points: true, status: true, memo: true, orderId: true, createdAt: true },
  });
  return page(rows, query.limit, transferJson);
}
