// Orders leave the qualifying window as time passes, with nothing written: a member whose spend came from orders
// a year old keeps the tier stored when they were paid, and surfaces and lists showing it say Gold while the next
// order earns at Silver. Once a day per shop, the tier check recounts every member's qualifying spend and moves
// the members whose tier changed, with the same SQL a program save runs (member-retiering.server.ts), a slice of
// members per transaction so that no write waits long behind it.
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { claimTierCheck, findShop, releaseTierCheck } from "~/loyalty/program/shop-store.server";
import { recountTierSpend, retierMembers } from "./member-retiering.server";

/** How often each shop's members are recounted. */
export const TIER_CHECK_EVERY_MS = 24 * 60 * 60_000;
/** Members recounted per transaction. */
export const TIER_CHECK_SLICE = 500;

/** Runs the tier check of every installed shop whose last one is a day old; returns how many members moved. */
export async function checkAgedTiers(db: TallyDatabase, now: Date, report: ReportJobFailure, slice = TIER_CHECK_SLICE): Promise<number> {
  const shops = await db.read.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  let moved = 0;
  for (const { domain } of shops) {
    try {
      moved += await checkShopTiers(db, domain, now, slice);
    } catch (error) {
      report({ job: "tier check", shop: domain }, error);
    }
  }
  return moved;
}

async function checkShopTiers(db: TallyDatabase, shop: string, now: Date, sliceSize: number): Promise<number> {
  const claim = await claimTierCheck(db, shop, now, new Date(now.getTime() - TIER_CHECK_EVERY_MS));
  if (!claim.claimed) return 0;
  try {
    let moved = 0;
    let after = "";
    for (;;) {
      const slice = await db.read.member.findMany({ where: { shop, id: { gt: after } }, orderBy: { id: "asc" }, take: sliceSize, select: { id: true } });
      const last = slice.at(-1);
      if (!last) return moved;
      const range = { after, through: last.id };
      // Under the program's lock, with its rules read inside: a program save in between recounts with the new
      // rules itself, and this slice never writes tiers from the old ones after it.
      moved += await db.withLock(`program:${shop}`, async () => {
        const rules = (await findShop(db.read, shop))?.rules;
        if (!rules) return 0;
        return db.prisma.$transaction(async (tx) => {
          await recountTierSpend(tx, shop, rules, now, range);
          return retierMembers(tx, shop, rules, now, range);
        });
      });
      after = last.id;
    }
  } catch (error) {
    await releaseTierCheck(db, shop, now, claim.previous);
    throw error;
  }
}
