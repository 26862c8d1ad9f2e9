// The feed's job: per shop, under the shop's feed lock, turn the transfers, member tiers and redemptions
// committed since the cursor, and points coming up to their expiry, into events, then hand them to the consumers.
// It reads committed rows and never joins the writers' transactions (docs/decisions/032-loyalty-event-feed.md).
// Its units of work are short: what can be read before one is, and each consumer takes the new events in units
// of its own, a turn at a time, so that a write waiting for the database waits for one turn at most
// (docs/decisions/053-background-jobs-beside-the-intake.md).
import type { Prisma, ReadOnlyPrisma, TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { workWhileFull } from "~/operations/job-share.server";
import { afterSettlement } from "~/operations/settlement-first.server";
import type { Tier } from "~/loyalty/program/program-rules";
import { programRulesOf } from "~/loyalty/program/shop-store.server";
import { expiryNotice, type ExpiryNotice } from "~/loyalty/expiry/expiry-notice";
import { memberActivity } from "~/loyalty/expiry/member-activity.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { TransferStatus } from "~/loyalty/ledger/transfers";
import {
  appendEvents,
  knownEventIds,
  markShopTiers,
  markTiers,
  moveCursor,
  readCursor,
  type FeedStream,
  type TierMark,
} from "./event-feed-store.server";
import { membersOffTheirMark, unpublishedTransfers } from "./feed-sources.server";
import {
  balancesAfter,
  eventIds,
  expiringEvent,
  redemptionEvent,
  tierChange,
  transferEvents,
  type EventMember,
  type LoyaltyEventDraft,
  type TierRef,
  type TransferFacts,
} from "./loyalty-events";

/**
 * How far before its cursor the feed reads again. A row's time is stamped inside the unit of work that commits
 * it, and a unit lasts at most 75 s (maxWait + timeout, app/db/database.server.ts): a row committed after the
 * cursor passed its time is still inside this window, with room for clocks of app instances that differ.
 */
export const LOOKBACK_MS = 5 * 60_000;
/**
 * Rows read per source per shop, and events taken by each consumer, in a round; a shop with more takes another
 * round after every shop had theirs, while the job's share of the run lasts (app/operations/job-share.server.ts).
 */
const PAGE = 500;
/**
 * Rows read per source, and events taken by a consumer, in one unit of work. The jobs run on the settlement thread,
 * which also stores the intake's batches between two of its transactions, so every batch that arrives during a
 * unit waits for it. In the bench at 800 deliveries a second, units of 100 held the connection for up to 116 ms,
 * units of 25 for up to 49 ms (docs/performance.md, section "Commit `f94dc2b` …").
 */
const TURN = 25;
/**
 * How often a shop's members are looked at for points about to expire. A notice is counted in days, and looking
 * means reading each member with points' activity, so once an hour rather than every run.
 */
export const EXPIRING_EVERY_MS = 60 * 60_000;

export function feedLock(shop: string): string {
  return `loyalty-events:${shop}`;
}

/**
 * A consumer of the feed: runs after the shop's new events are appended, under the shop's feed lock, in units of
 * work of its own (consumeInTurns); it reads the feed by seq from a cursor of its own. True when it stopped with
 * events left for it.
 */
export type FeedConsumer = (db: TallyDatabase, shop: string, now: Date) => Promise<boolean>;

/**
 * A consumer's round: `take` takes at most `limit` new events in the unit it is given and says how many it took;
 * it runs again while it takes full turns, up to PAGE events a round. True when it stopped at PAGE.
 */
export async function consumeInTurns(db: TallyDatabase, take: (tx: TallyDatabase, limit: number) => Promise<number>): Promise<boolean> {
  for (let taken = 0; taken < PAGE; ) {
    await afterSettlement();
    const took = await db.transaction((tx) => take(tx, TURN));
    taken += took;
    if (took < TURN) return false;
  }
  return true;
}

export interface PublishRun {
  shops: number;
  events: number;
}

export async function publishLoyaltyEvents(db: TallyDatabase, now: Date, consumers: readonly FeedConsumer[], report: ReportJobFailure): Promise<PublishRun> {
  const shops = (await db.read.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true }, orderBy: { domain: "asc" } })).map((shop) => shop.domain);
  let events = 0;
  // Round after round, each shop that has more taking a page a round: one shop's backlog keeps no other waiting.
  let behind = shops;
  let first = true;
  await workWhileFull(async () => {
    const still: string[] = [];
    for (const shop of behind) {
      const round = await publishRound(db, shop, now, consumers, report, first);
      events += round.appended;
      if (round.more) still.push(shop);
    }
    behind = still;
    first = false;
    return still.length > 0;
  });
  return { shops: shops.length, events };
}

/** A page of the shop's new events, then each consumer's page; `more` when any of them stopped at its page. */
async function publishRound(
  db: TallyDatabase,
  shop: string,
  now: Date,
  consumers: readonly FeedConsumer[],
  report: ReportJobFailure,
  first: boolean,
): Promise<{ appended: number; more: boolean }> {
  try {
    // Read before the unit: it can take a while for a large shop, and the unit's time is limited. Once a run.
    const expiring = first ? await expiringNotices(db, shop, now) : null;
    return await db.withLock(feedLock(shop), async () => {
      let appended = 0;
      let more = false;
      for (let turn = 0; turn < PAGE / TURN; turn += 1) {
        await afterSettlement();
        const transfers = await transferDrafts(db, shop, now);
        const published = await db.transaction((tx) => publishShop(tx, shop, now, transfers, turn === 0 ? expiring : null));
        appended += published.appended;
        more = published.more;
        if (!more) break;
      }
      // Each consumer on its own: one that fails is tried again next run, and the others go on.
      for (const consume of consumers) {
        try {
          if (await consume(db, shop, now)) more = true;
        } catch (error) {
          report({ job: "loyalty events", shop }, error);
        }
      }
      return { appended, more };
    });
  } catch (error) {
    report({ job: "loyalty events", shop }, error);
    return { appended: 0, more: false };
  }
}

/**
 * One turn: appends the new events in one unit, the transfers' events read before it (less any another runner
 * appended meanwhile), and the redemptions', tiers' and expiry notices' read in it; `more` when a source had a
 * full turn's rows, so that another turn may find more.
 */
async function publishShop(tx: TallyDatabase, shop: string, now: Date, transfers: TransferDrafts, expiring: ExpiringNotices | null): Promise<{ appended: number; more: boolean }> {
  const prisma = tx.prisma;
  const shopRow = await prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { programRules: true } });
  const tiers = parseProgramRules(shopRow.programRules).tiers;
  const known = await knownEventIds(prisma, transfers.drafts.map((draft) => draft.id));
  await advance(prisma, shop, "transfers", transfers.latest, now);
  const redemptions = await redemptionDrafts(prisma, shop, now);
  const tierChanges = await tierDrafts(tx, shop, now, tiers);
  const drafts = [
    ...transfers.drafts.filter((draft) => !known.has(draft.id)),
    ...redemptions.drafts,
    ...tierChanges.drafts,
    ...(expiring ? await expiringDrafts(prisma, shop, now, expiring) : []),
  ];
  const appended = await appendEvents(prisma, shop, drafts, now);
  return { appended, more: transfers.full || redemptions.full || tierChanges.full };
}

/** Where a source's reading starts: a lookback before its cursor, or a lookback before now the first time. */
async function since(prisma: ReadOnlyPrisma, shop: string, stream: FeedStream, now: Date): Promise<{ from: Date; first: boolean }> {
  const cursor = await readCursor(prisma, shop, stream);
  const at = cursor?.at ?? now;
  return { from: new Date(at.getTime() - LOOKBACK_MS), first: cursor === null };
}

async function members(prisma: ReadOnlyPrisma, ids: readonly string[]): Promise<Map<string, EventMember & { tier: string; createdAt: Date }>> {
  const rows = await prisma.member.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, customerId: true, redactedAt: true, tier: true, createdAt: true } });
  return new Map(rows.map((row) => [row.id, { id: row.id, customerId: row.customerId, redacted: row.redactedAt !== null, tier: row.tier, createdAt: row.createdAt }]));
}

const TRANSFER_FIELDS = { id: true, memberId: true, code: true, points: true, status: true, pendingId: true, orderId: true, createdAt: true } as const;

type Keyset = { at: Date; id: string } | null;

/**
 * Reads a source's window in pages ordered by (time, id), keeping the rows `fresh` picks out of each page, until
 * TURN fresh rows or the end; `latest` is the time of the last row looked at, where the cursor may move.
 */
async function readWindow<R extends { id: string }>(
  page: (after: Keyset) => Promise<R[]>,
  timeOf: (row: R) => Date,
  fresh: (rows: R[]) => Promise<(row: R) => boolean>,
): Promise<{ rows: R[]; latest: Date | null }> {
  const kept: R[] = [];
  let latest: Date | null = null;
  let after: Keyset = null;
  while (kept.length < TURN) {
    const rows = await page(after);
    if (rows.length === 0) break;
    const isFresh = await fresh(rows);
    for (const row of rows) {
      if (kept.length >= TURN) break;
      latest = timeOf(row);
      if (isFresh(row)) kept.push(row);
    }
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || !last) break;
    after = { at: timeOf(last), id: last.id };
  }
  return { rows: kept, latest };
}

/**
 * Moves a source's cursor to `latest`, the time of the last row looked at: never back, and never past the run's
 * clock (a row stamped later than now is read again next time); the first time, to now when nothing was read.
 */
async function advance(prisma: Prisma, shop: string, stream: FeedStream, latest: Date | null, now: Date): Promise<void> {
  const cursor = await readCursor(prisma, shop, stream);
  const current = cursor?.at ?? null;
  const target = latest ?? current ?? now;
  const next = current && current > target ? current : target;
  await moveCursor(prisma, shop, stream, { at: next > now ? now : next });
}

/** A source's events for a turn; `full` when it read a whole turn's rows (there may be more). */
interface Drafts {
  drafts: LoyaltyEventDraft[];
  full: boolean;
}

interface TransferDrafts extends Drafts {
  /** Where the transfers' cursor may move: everything stamped before it was looked at. */
  latest: Date | null;
}

/**
 * The events of the transfers the feed has not published, read outside any unit (the database finds them,
 * feed-sources.server.ts); each with the member's balance after it, from the member's ledger in order.
 */
async function transferDrafts(db: TallyDatabase, shop: string, now: Date): Promise<TransferDrafts> {
  const { from } = await since(db.read, shop, "transfers", now);
  const { rows, latest } = await unpublishedTransfers(db.sql, shop, from, TURN);
  if (rows.length === 0) return { drafts: [], latest, full: false };
  const memberIds = [...new Set(rows.map((row) => row.memberId))];
  const history = await db.read.transfer.findMany({ where: { memberId: { in: memberIds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: TRANSFER_FIELDS });
  const balances = balancesAfter(history.map((row) => ({ ...row, code: row.code as TransferCode, status: row.status as TransferStatus })));
  const who = await members(db.read, memberIds);
  const drafts = rows.flatMap((transfer: TransferFacts) => {
    const member = who.get(transfer.memberId);
    const balance = balances.get(transfer.id);
    return member && balance ? transferEvents(transfer, member, balance) : [];
  });
  return { drafts, latest, full: rows.length === TURN };
}

async function redemptionDrafts(prisma: Prisma, shop: string, now: Date): Promise<Drafts> {
  const { from } = await since(prisma, shop, "redemptions", now);
  const { rows, latest } = await readWindow(
    (after) =>
      prisma.redemption.findMany({
        where: after ? { shop, OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] } : { shop, updatedAt: { gte: from } },
        orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
        take: PAGE,
        select: { id: true, memberId: true, status: true, code: true, points: true, reward: true, expiresAt: true, createdAt: true, updatedAt: true },
      }),
    (row) => row.updatedAt,
    async (page) => {
      const known = await knownEventIds(prisma, page.map((row) => eventIds.rewardRedeemed(row.id)));
      // A code still being created, or one Shopify refused, is no reward yet (app/loyalty/redemption/redemption-states.ts);
      // one whose order gave its points back was redeemed all the same, and may reach the feed first as returned.
      return (row) => (row.status === "issued" || row.status === "used" || row.status === "returned" || row.status === "credited") && !known.has(eventIds.rewardRedeemed(row.id));
    },
  );
  await advance(prisma, shop, "redemptions", latest, now);
  const who = await members(prisma, rows.map((row) => row.memberId));
  const drafts = rows.flatMap((row) => {
    const member = who.get(row.memberId);
    return member ? [redemptionEvent({ ...row, reward: row.reward === null ? null : (JSON.parse(row.reward) as unknown) }, member)] : [];
  });
  return { drafts, full: rows.length === TURN };
}

/**
 * A `tier.changed` for each member whose tier is not the one last published for them (the database finds them,
 * feed-sources.server.ts), and the member's new mark; in the unit, since the marks number the changes.
 */
async function tierDrafts(tx: TallyDatabase, shop: string, now: Date, tiers: readonly Tier[]): Promise<Drafts> {
  const prisma = tx.prisma;
  const { from, first } = await since(prisma, shop, "members", now);
  if (first) await markShopTiers(prisma, shop, from);
  const ref = (key: string): TierRef => ({ key, name: tiers.find((tier) => tier.key === key)?.name ?? key });
  const entry = tierFor(0, tiers);
  const { rows, latest } = await membersOffTheirMark(tx.sql, shop, from, TURN);
  const drafts: LoyaltyEventDraft[] = [];
  const marks: TierMark[] = [];
  for (const row of rows) {
    const draft = tierChange({
      member: { id: row.id, customerId: row.customerId, redacted: row.redacted },
      tier: ref(row.tier),
      published: row.mark ? { tier: ref(row.mark.tier), changes: row.mark.changes } : null,
      entryTier: { key: entry.key, name: entry.name },
      at: now,
    });
    marks.push({ memberId: row.id, tier: row.tier, changes: (row.mark?.changes ?? 0) + (draft ? 1 : 0), marked: row.mark !== null });
    if (draft) drafts.push(draft);
  }
  await markTiers(prisma, shop, marks);
  await advance(prisma, shop, "members", latest, now);
  return { drafts, full: rows.length === TURN };
}

type ExpiringNotices = { memberId: string; notice: ExpiryNotice }[];

/**
 * "Points expiring": members whose points the expiry job will take within the program's notice days
 * (app/loyalty/expiry/expiry-notice.ts), one event per member and quiet spell. Derived from the ledger, the orders
 * and the clock rather than from a committed row, so it has no time cursor to read from: the cursor holds when the
 * shop was last looked at, and the event's id keeps a spell from being announced twice. Null when the shop is not
 * due to be looked at. Reads only, outside the feed's unit; the unit appends what it finds (expiringDrafts).
 */
async function expiringNotices(db: TallyDatabase, shop: string, now: Date): Promise<ExpiringNotices | null> {
  const rules = await programRulesOf(db.read, shop);
  if (!rules.expiry.enabled) return null;
  const cursor = await readCursor(db.read, shop, "expiring");
  if (cursor?.at && now.getTime() - cursor.at.getTime() < EXPIRING_EVERY_MS) return null;
  const balances = await db.read.balance.findMany({ where: { shop, available: { gt: 0 } }, select: { memberId: true, available: true }, orderBy: { memberId: "asc" } });
  const notices: ExpiringNotices = [];
  for (const balance of balances) {
    const activity = await memberActivity(db.read, shop, balance.memberId);
    const notice = activity && expiryNotice({ activity, available: balance.available, rules, now });
    if (notice) notices.push({ memberId: balance.memberId, notice });
  }
  return notices;
}

async function expiringDrafts(prisma: Prisma, shop: string, now: Date, notices: ExpiringNotices): Promise<LoyaltyEventDraft[]> {
  const known = await knownEventIds(prisma, notices.map(({ memberId, notice }) => eventIds.pointsExpiring(memberId, notice.spellStart)));
  const fresh = notices.filter(({ memberId, notice }) => !known.has(eventIds.pointsExpiring(memberId, notice.spellStart)));
  const who = await members(prisma, fresh.map(({ memberId }) => memberId));
  await moveCursor(prisma, shop, "expiring", { at: now });
  return fresh.flatMap(({ memberId, notice }) => {
    const member = who.get(memberId);
    return member ? [expiringEvent(notice, member, now)] : [];
  });
}
