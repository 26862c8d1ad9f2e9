// A member's customer metafields as Tally last wrote them to Shopify (app/loyalty/metafields/), for their page.
import type { ReadOnlyPrisma } from "~/db/database.server";

export interface MemberMetafields {
  /** Null until the first write went through. */
  written: { points: number; tier: string; referralCode: string | null; tierTag: string | null; at: string } | null;
  waiting: boolean;
  retrying: boolean;
}

export async function loadMemberMetafields(prisma: ReadOnlyPrisma, shop: string, memberId: string): Promise<MemberMetafields> {
  const row = await prisma.customerMetafieldSync.findFirst({ where: { memberId, shop } });
  if (!row) return { written: null, waiting: false, retrying: false };
  const written =
    row.writtenAt && row.points !== null && row.tier !== null
      ? { points: row.points, tier: row.tier, referralCode: row.referralCode, tierTag: row.tierTag, at: row.writtenAt.toISOString() }
      : null;
  return { written, waiting: row.dirty, retrying: row.attempts > 0 };
}
