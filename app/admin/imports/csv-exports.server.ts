// The CSV exports: members with balances, and the full ledger. Both are streamed page by page in keyset order
// (created_at, id) on the shop's (shop, created_at) indexes, so 100,000 members or 1,000,000 transfers never sit
// in memory at once and every page costs the same however deep into the file it is.
import type { ReadOnlyPrisma } from "~/db/database.server";
import { csvLine } from "~/loyalty/imports/csv-cells";

const PAGE_SIZE = 2_000;

interface Position {
  createdAt: Date;
  id: string;
}

/** Rows strictly after `position` in (created_at, id) order; the lte bound lets the index range do the work. */
function after(position: Position | null) {
  if (!position) return {};
  return {
    AND: [
      { createdAt: { gte: position.createdAt } },
      { OR: [{ createdAt: { gt: position.createdAt } }, { createdAt: position.createdAt, id: { gt: position.id } }] },
    ],
  };
}

function membersAfter(prisma: ReadOnlyPrisma, shop: string, position: Position | null) {
  return prisma.member.findMany({
    where: { shop, ...after(position) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: PAGE_SIZE,
    include: { balance: true },
  });
}

function transfersAfter(prisma: ReadOnlyPrisma, shop: string, position: Position | null) {
  return prisma.transfer.findMany({
    where: { shop, ...after(position) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: PAGE_SIZE,
    include: { member: { select: { customerId: true } } },
  });
}

export const MEMBER_EXPORT_COLUMNS = [
  "member_id",
  "customer_id",
  "email",
  "first_name",
  "last_name",
  "tier",
  "available",
  "posted",
  "pending_credit",
  "pending_debit",
  "lifetime_earned",
  "member_since",
] as const;

export async function* memberExportLines(prisma: ReadOnlyPrisma, shop: string): AsyncGenerator<string> {
  yield csvLine(MEMBER_EXPORT_COLUMNS);
  let position: Position | null = null;
  for (;;) {
    const page = await membersAfter(prisma, shop, position);
    if (page.length === 0) return;
    yield page
      .map((member) =>
        csvLine([
          member.id,
          member.customerId,
          member.email,
          member.firstName,
          member.lastName,
          member.tier,
          member.balance?.available ?? 0,
          member.balance?.posted ?? 0,
          member.balance?.pendingCredit ?? 0,
          member.balance?.pendingDebit ?? 0,
          member.balance?.lifetimeEarned ?? 0,
          member.createdAt.toISOString(),
        ]),
      )
      .join("");
    const last: Position | undefined = page[page.length - 1];
    if (!last || page.length < PAGE_SIZE) return;
    position = { createdAt: last.createdAt, id: last.id };
  }
}

export const LEDGER_EXPORT_COLUMNS = [
  "transfer_id",
  "created_at",
  "member_id",
  "customer_id",
  "code",
  "points",
  "status",
  "pending_id",
  "reverses_id",
  "order_id",
  "actor",
  "memo",
] as const;

export async function* ledgerExportLines(prisma: ReadOnlyPrisma, shop: string): AsyncGenerator<string> {
  yield csvLine(LEDGER_EXPORT_COLUMNS);
  let position: Position | null = null;
  for (;;) {
    const page = await transfersAfter(prisma, shop, position);
    if (page.length === 0) return;
    yield page
      .map((transfer) =>
        csvLine([
          transfer.id,
          transfer.createdAt.toISOString(),
          transfer.memberId,
          transfer.member.customerId,
          transfer.code,
          transfer.points,
          transfer.status,
          transfer.pendingId,
          transfer.reversesId,
          transfer.orderId,
          transfer.actor,
          transfer.memo,
        ]),
      )
      .join("");
    const last: Position | undefined = page[page.length - 1];
    if (!last || page.length < PAGE_SIZE) return;
    position = { createdAt: last.createdAt, id: last.id };
  }
}

/** A streamed CSV download: each page is written as soon as it is read, and reading stops if the client leaves. */
export function csvDownload(lines: AsyncGenerator<string>, fileName: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
