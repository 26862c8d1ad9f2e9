// The feed's consumer for customer metafields: under the feed's shop lock, in short units of work, it marks the
// members whose metafields may be out of step, and nothing else; the writes to Shopify happen later, from
// sync-metafields.server.ts, with the members' values as they are then (docs/decisions/036-customer-metafields.md).
//   - Points and tiers: the feed's points.changed and tier.changed events, read by seq from this consumer's cursor.
//   - New members and referral codes: the feed publishes neither, so members are read by (shop, updated_at) as the
//     feed reads them (ADR 032: a cursor with a lookback), and marked when Shopify was never given them or was given
//     another tier or code.
//   - The program: a renamed tier, or tier tags switched on, marks every member Tally has written.
import type { Prisma, TallyDatabase } from "~/db/database.server";
import { eventsAfter, moveCursor, readCursor } from "~/loyalty/events/event-feed-store.server";
import { consumeInTurns, LOOKBACK_MS, type FeedConsumer } from "~/loyalty/events/publish-events.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { programRulesOf } from "~/loyalty/program/shop-store.server";
import { logJobFailure } from "~/operations/job-failure-log.server";
import { programMark } from "./customer-metafields";
import { markMembers, markShop, setProgramMark, shopState } from "./metafield-store.server";
import { membersToMarkSince } from "./members-to-mark.server";

/** Members marked from the members' source per run. */
const MARKS = 2000;
const MARKS_PER_UNIT = 200;

const MARKING_EVENTS: ReadonlySet<string> = new Set(["points.changed", "tier.changed"]);

/**
 * Under the feed's lock, in short units of work of its own: when marking fails, what the failing unit wrote (its
 * cursor included) is rolled back and tried again next run, while the feed and its other consumers go on.
 */
export const markChangedMembers: FeedConsumer = async (db: TallyDatabase, shop: string, now: Date) => {
  try {
    const rules = await programRulesOf(db.read, shop);
    await db.transaction((tx) => markForProgram(tx.prisma, shop, rules));
    const more = await consumeInTurns(db, (tx, limit) => markFromEvents(tx, shop, limit));
    await markFromMembers(db, shop, now, rules);
    return more;
  } catch (error) {
    logJobFailure({ job: "customer metafields (marking members)", shop }, error);
    return false;
  }
};

/** A renamed tier, or tier tags switched on, marks every member Tally has written. */
async function markForProgram(prisma: Prisma, shop: string, rules: ProgramRules): Promise<void> {
  const mark = programMark(rules.tiers, rules.customerData.tierTags === true);
  const state = await shopState(prisma, shop);
  if (state?.programMark !== mark) {
    await markShop(prisma, shop);
    await setProgramMark(prisma, shop, mark);
  }
}

/** Points and tiers: the feed's events, by seq from this consumer's cursor. */
async function markFromEvents(tx: TallyDatabase, shop: string, limit: number): Promise<number> {
  const prisma = tx.prisma;
  const cursor = await readCursor(prisma, shop, "metafields");
  const events = await eventsAfter(prisma, shop, cursor?.seq ?? 0, limit);
  const last = events.at(-1);
  if (!last) return 0;
  // A redacted customer's events carry no data, and nothing is written for them.
  await markMembers(tx.sql, shop, events.filter((event) => event.payload !== null && MARKING_EVENTS.has(event.type)).map((event) => event.memberId));
  await moveCursor(prisma, shop, "metafields", { seq: last.seq });
  return events.length;
}

/**
 * New members and referral codes: the stale members of the window found outside any unit (members-to-mark.server.ts),
 * then marked a few hundred a unit. Marking is idempotent (the write to Shopify takes the member's values as they
 * are when it goes), so a member written to Shopify in between is at worst written once more.
 */
async function markFromMembers(db: TallyDatabase, shop: string, now: Date, rules: ProgramRules): Promise<void> {
  // Members: the first time from the start, so that members from before this consumer get their metafields too.
  const memberCursor = await readCursor(db.read, shop, "metafield-members");
  const from = memberCursor?.at ? new Date(memberCursor.at.getTime() - LOOKBACK_MS) : new Date(0);
  const { ids: stale, latest } = await membersToMarkSince(db.sql, shop, from, rules.tiers, MARKS);
  // The cursor never runs ahead of the run's clock: a member stamped later than now is read again next time.
  const next = latest && latest > now ? now : latest;
  // A few hundred members a unit: a write waiting for the database waits for one of them at most.
  for (let i = 0; i < stale.length; i += MARKS_PER_UNIT) await db.transaction((tx) => markMembers(tx.sql, shop, stale.slice(i, i + MARKS_PER_UNIT)));
  await db.transaction(async (tx) => {
    if (next && (!memberCursor?.at || next > memberCursor.at)) await moveCursor(tx.prisma, shop, "metafield-members", { at: next });
    else if (!memberCursor) await moveCursor(tx.prisma, shop, "metafield-members", { at: now });
  });
}
