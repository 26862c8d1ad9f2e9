// The feed's consumer for customer metafields: in the feed's unit of work and under its shop lock, it marks the
// members whose metafields may be out of step, and nothing else; the writes to Shopify happen later, from
// sync-metafields.server.ts, with the members' values as they are then (docs/decisions/036-customer-metafields.md).
//   - Points and tiers: the feed's points.changed and tier.changed events, read by seq from this consumer's cursor.
//   - New members and referral codes: the feed publishes neither, so members are read by (shop, updated_at) as the
//     feed reads them (ADR 032: a cursor with a lookback), and marked when Shopify was never given them or was given
//     another tier or code.
//   - The program: a renamed tier, or tier tags switched on, marks every member Tally has written.
import type { TallyDatabase } from "~/db/database.server";
import { eventsAfter, moveCursor, readCursor } from "~/loyalty/events/event-feed-store.server";
import { LOOKBACK_MS, type FeedConsumer } from "~/loyalty/events/publish-events.server";
import { programRulesOf } from "~/loyalty/program/shop-store.server";
import { logJobFailure } from "~/operations/job-failure-log.server";
import { programMark } from "./customer-metafields";
import { markMembers, markShop, setProgramMark, shopState, syncRows } from "./metafield-store.server";

/** Events read per run; the next run goes on from the cursor. */
const EVENTS = 1000;
/** Members read per page, and members marked from the members' source per run. */
const PAGE = 500;
const MARKS = 2000;

const MARKING_EVENTS: ReadonlySet<string> = new Set(["points.changed", "tier.changed"]);

/**
 * In a savepoint of the feed's unit: when marking fails, what it wrote (its cursors included) is rolled back and
 * tried again next run, while the feed and its other consumers go on.
 */
export const markChangedMembers: FeedConsumer = async (tx: TallyDatabase, shop: string, now: Date) => {
  try {
    await tx.savepoint((unit) => markShopMembers(unit, shop, now));
  } catch (error) {
    logJobFailure({ job: "customer metafields (marking members)", shop }, error);
  }
};

async function markShopMembers(tx: TallyDatabase, shop: string, now: Date): Promise<void> {
  const prisma = tx.prisma;
  const rules = await programRulesOf(prisma, shop);
  const tierName = new Map(rules.tiers.map((tier) => [tier.key, tier.name]));

  const mark = programMark(rules.tiers, rules.customerData.tierTags === true);
  const state = await shopState(prisma, shop);
  if (state?.programMark !== mark) {
    await markShop(prisma, shop);
    await setProgramMark(prisma, shop, mark);
  }

  const cursor = await readCursor(prisma, shop, "metafields");
  const events = await eventsAfter(prisma, shop, cursor?.seq ?? 0, EVENTS);
  const last = events.at(-1);
  if (last) {
    // A redacted customer's events carry no data, and nothing is written for them.
    await markMembers(prisma, shop, events.filter((event) => event.payload !== null && MARKING_EVENTS.has(event.type)).map((event) => event.memberId));
    await moveCursor(prisma, shop, "metafields", { seq: last.seq });
  }

  // Members: the first time from the start, so that members from before this consumer get their metafields too.
  const memberCursor = await readCursor(prisma, shop, "metafield-members");
  const from = memberCursor?.at ? new Date(memberCursor.at.getTime() - LOOKBACK_MS) : new Date(0);
  let after: { at: Date; id: string } | null = null;
  let latest: Date | null = null;
  let marked = 0;
  while (marked < MARKS) {
    const page: { id: string; tier: string; referralCode: string | null; redactedAt: Date | null; updatedAt: Date }[] = await prisma.member.findMany({
      where: after ? { shop, OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] } : { shop, updatedAt: { gte: from } },
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      take: PAGE,
      select: { id: true, tier: true, referralCode: true, redactedAt: true, updatedAt: true },
    });
    if (page.length === 0) break;
    const rows = await syncRows(prisma, page.map((member) => member.id));
    const stale = page.filter((member) => {
      if (member.redactedAt !== null) return false;
      const row = rows.get(member.id);
      if (!row) return true;
      // A member already marked is written with their values as they are when the write goes.
      return !row.dirty && (row.tier !== (tierName.get(member.tier) ?? member.tier) || (member.referralCode !== null && row.referralCode !== member.referralCode));
    });
    marked += await markMembers(prisma, shop, stale.map((member) => member.id));
    const end = page[page.length - 1];
    if (!end) break;
    latest = end.updatedAt;
    if (page.length < PAGE) break;
    after = { at: end.updatedAt, id: end.id };
  }
  // The cursor never runs ahead of the run's clock: a member stamped later than now is read again next time.
  const next = latest && latest > now ? now : latest;
  if (next && (!memberCursor?.at || next > memberCursor.at)) await moveCursor(prisma, shop, "metafield-members", { at: next });
  else if (!memberCursor) await moveCursor(prisma, shop, "metafield-members", { at: now });
}
