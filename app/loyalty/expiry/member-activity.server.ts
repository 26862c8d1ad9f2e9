// What the expiry clock (expiry-clock.ts) reads about a member: when they joined, last bought, last earned or spent
// points, and last had points expire. Reads only; the expiry job and the shopper's summary both ask here.
import type { ReadOnlyPrisma } from "~/db/database.server";
import { ACTIVITY_CODES, type MemberActivity } from "./expiry-clock";

/** How many of a member's latest expiries are looked at for one that was not given back. */
const RECENT_EXPIRIES = 5;

async function lastExpiryKept(read: ReadOnlyPrisma, memberId: string): Promise<Date | null> {
  const expiries = await read.transfer.findMany({
    where: { memberId, code: "EXPIRY", status: "posted" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: RECENT_EXPIRIES,
    select: { id: true, createdAt: true },
  });
  if (expiries.length === 0) return null;
  // An expiry given back (a purchase paid before it arrived late: expiry-restoration.server.ts) did not happen.
  const undone = await read.transfer.findMany({ where: { reversesId: { in: expiries.map((row) => row.id) } }, select: { reversesId: true } });
  const given = new Set(undone.map((row) => row.reversesId));
  return expiries.find((row) => !given.has(row.id))?.createdAt ?? null;
}

/** Null for a member that does not exist. */
export async function memberActivity(read: ReadOnlyPrisma, shop: string, memberId: string): Promise<MemberActivity | null> {
  const [member, purchase, points, lastExpiryAt] = await Promise.all([
    read.member.findUnique({ where: { id: memberId }, select: { createdAt: true } }),
    read.loyaltyOrder.findFirst({ where: { shop, memberId, paidAt: { not: null } }, orderBy: { paidAt: "desc" }, select: { paidAt: true } }),
    read.transfer.findFirst({
      where: { memberId, code: { in: [...ACTIVITY_CODES] }, status: { not: "voided" }, OR: [{ points: { gt: 0 } }, { code: "REDEMPTION" }] },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
    lastExpiryKept(read, memberId),
  ]);
  if (!member) return null;
  return { joinedAt: member.createdAt, lastPurchaseAt: purchase?.paidAt ?? null, lastPointsActivityAt: points?.createdAt ?? null, lastExpiryAt };
}
