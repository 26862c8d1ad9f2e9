// The feed's job: per shop, under the shop's feed lock and in one unit of work, turn the transfers, member tiers
// and redemptions committed since the cursor, and points coming up to their expiry, into events, then hand them
// to the consumers. It reads committed rows
// and never joins the writers' transactions (docs/decisions/032-loyalty-event-feed.md).
import type { Prisma, TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { parseProgramRules } from "~/loyalty/program/program-rules";
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
  markTier,
  moveCursor,
  readCursor,
  tierMarks,
  type FeedStream,
} from "./event-feed-store.server";
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
/** Rows read per page, and events derived per source per shop per run; the next run goes on. */
const PAGE = 500;
/**
 * How often a shop's members are looked at for points about to expire. A notice is counted in days, and looking
 * means reading each member with points' activity, so once an hour rather than every run.
 */
export const EXPIRING_EVERY_MS = 60 * 60_000;

export function feedLock(shop: string): string {
  return `loyalty-events:${shop}`;
}

/** A consumer of the feed: runs after the shop's new events are appended, inside the same unit and lock. */
export type FeedConsumer = (tx: TallyDatabase, shop: string, now: Date) => Promise<void>;

export interface PublishRun {
  shops: number;
  events: number;
}

export async function publishLoyaltyEvents(db: TallyDatabase, now: Date, consumers: readonly FeedConsumer[], report: ReportJobFailure): Promise<PublishRun> {
  const shops = await db.read.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true }, orderBy: { domain: "asc" } });
  let events = 0;
  for (const { domain: shop } of shops) {
    try {
      // Read before the unit: it can take a while for a large shop, and the unit's time is limited.
      const expiring = await expiringNotices(db, shop, now);
      events += await db.withLock(feedLock(shop), () =>
        db.transaction(async (tx) => {
          const appended = await publishShop(tx, shop, now, expiring);
          for (const consume of consumers) await consume(tx, shop, now);
          return appended;
        }),
      );
    } catch (error) {
      report({ job: "loyalty events", shop }, error);
    }
  }
  return { shops: shops.length, events };
}

async function publishShop(tx: TallyDatabase, shop: string, now: Date, expiring: ExpiringNotices | null): Promise<number> {
  const prisma = tx.prisma;
  const shopRow = await prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { programRules: true } });
  const tiers = parseProgramRules(shopRow.programRules).tiers;
  const drafts = [
    ...(await transferDrafts(prisma, shop, now)),
    ...(await redemptionDrafts(prisma, shop, now)),
    ...(await tierDrafts(prisma, shop, now, tiers)),
    ...(expiring ? await expiringDrafts(prisma, shop, now, expiring) : []),
  ];
  return appendEvents(prisma, shop, drafts, now);
}

/** Where a source's reading starts: a lookback before its cursor, or a lookback before now the first time. */
async function since(prisma: Prisma, shop: string, stream: FeedStream, now: Date): Promise<{ from: Date; first: boolean }> {
  const cursor = await readCursor(prisma, shop, stream);
  const at = cursor?.at ?? now;
  return { from: new Date(at.getTime() - LOOKBACK_MS), first: cursor === null };
}

/** The cursor never runs ahead of the run's clock: a row stamped later than now is read again next time. */
function nextCursor(latest: Date | null, current: Date, now: Date): Date {
  const candidate = latest && latest > current ? latest : current;
  return candidate > now ? now : candidate;
}

async function members(prisma: Prisma, ids: readonly string[]): Promise<Map<string, EventMember & { tier: string; createdAt: Date }>> {
  const rows = await prisma.member.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, customerId: true, redactedAt: true, tier: true, createdAt: true } });
  return new Map(rows.map((row) => [row.id, { id: row.id, customerId: row.customerId, redacted: row.redactedAt !== null, tier: row.tier, createdAt: row.createdAt }]));
}

const TRANSFER_FIELDS = { id: true, memberId: true, code: true, points: true, status: true, pendingId: true, orderId: true, createdAt: true } as const;

type Keyset = { at: Date; id: string } | null;

/**
 * Reads a source's window in pages ordered by (time, id), keeping the rows `fresh` picks out of each page, until
 * PAGE fresh rows or the end; `latest` is the time of the last row looked at, where the cursor may move.
 */
async function readWindow<R extends { id: string }>(
  page: (after: Keyset) => Promise<R[]>,
  timeOf: (row: R) => Date,
  fresh: (rows: R[]) => Promise<(row: R) => boolean>,
): Promise<{ rows: R[]; latest: Date | null }> {
  const kept: R[] = [];
  let latest: Date | null = null;
  let after: Keyset = null;
  while (kept.length < PAGE) {
    const rows = await page(after);
    if (rows.length === 0) break;
    const isFresh = await fresh(rows);
    for (const row of rows) {
      if (kept.length >= PAGE) break;
      latest = timeOf(row);
      if (isFresh(row)) kept.push(row);
    }
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || !last) break;
    after = { at: timeOf(last), id: last.id };
  }
  return { rows: kept, latest };
}

async function advance(prisma: Prisma, shop: string, stream: FeedStream, latest: Date | null, from: Date, now: Date): Promise<void> {
  const cursor = await readCursor(prisma, shop, stream);
  await moveCursor(prisma, shop, stream, { at: nextCursor(latest, cursor?.at ?? new Date(from.getTime() + LOOKBACK_MS), now) });
}

async function transferDrafts(prisma: Prisma, shop: string, now: Date): Promise<LoyaltyEventDraft[]> {
  const { from } = await since(prisma, shop, "transfers", now);
  const { rows, latest } = await readWindow(
    (after) =>
      prisma.transfer.findMany({
        where: after ? { shop, OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] } : { shop, createdAt: { gte: from } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
        select: TRANSFER_FIELDS,
      }),
    (row) => row.createdAt,
    async (page) => {
      const known = await knownEventIds(prisma, page.map((row) => eventIds.pointsChanged(row.id)));
      return (row) => !known.has(eventIds.pointsChanged(row.id));
    },
  );
  await advance(prisma, shop, "transfers", latest, from, now);
  if (rows.length === 0) return [];
  const fresh = rows.map((row) => ({ ...row, code: row.code as TransferCode, status: row.status as TransferStatus }));
  const memberIds = [...new Set(fresh.map((row) => row.memberId))];
  const history = await prisma.transfer.findMany({ where: { memberId: { in: memberIds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: TRANSFER_FIELDS });
  const balances = balancesAfter(history.map((row) => ({ ...row, code: row.code as TransferCode, status: row.status as TransferStatus })));
  const who = await members(prisma, memberIds);
  return fresh.flatMap((transfer: TransferFacts) => {
    const member = who.get(transfer.memberId);
    const balance = balances.get(transfer.id);
    return member && balance ? transferEvents(transfer, member, balance) : [];
  });
}

async function redemptionDrafts(prisma: Prisma, shop: string, now: Date): Promise<LoyaltyEventDraft[]> {
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
  await advance(prisma, shop, "redemptions", latest, from, now);
  const who = await members(prisma, rows.map((row) => row.memberId));
  return rows.flatMap((row) => {
    const member = who.get(row.memberId);
    return member ? [redemptionEvent({ ...row, reward: row.reward === null ? null : (JSON.parse(row.reward) as unknown) }, member)] : [];
  });
}

async function tierDrafts(prisma: Prisma, shop: string, now: Date, tiers: readonly Tier[]): Promise<LoyaltyEventDraft[]> {
  const { from, first } = await since(prisma, shop, "members", now);
  if (first) await markShopTiers(prisma, shop, from);
  const ref = (key: string): TierRef => ({ key, name: tiers.find((tier) => tier.key === key)?.name ?? key });
  const entry = tierFor(0, tiers);
  let marks = new Map<string, { tier: string; changes: number }>();
  const { rows, latest } = await readWindow(
    (after) =>
      prisma.member.findMany({
        where: after ? { shop, OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] } : { shop, updatedAt: { gte: from } },
        orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
        take: PAGE,
        select: { id: true, customerId: true, redactedAt: true, tier: true, updatedAt: true },
      }),
    (row) => row.updatedAt,
    async (page) => {
      marks = new Map([...marks, ...(await tierMarks(prisma, page.map((row) => row.id)))]);
      return (row) => marks.get(row.id)?.tier !== row.tier;
    },
  );
  const drafts: LoyaltyEventDraft[] = [];
  for (const row of rows) {
    const mark = marks.get(row.id);
    const draft = tierChange({
      member: { id: row.id, customerId: row.customerId, redacted: row.redactedAt !== null },
      tier: ref(row.tier),
      published: mark ? { tier: ref(mark.tier), changes: mark.changes } : null,
      entryTier: { key: entry.key, name: entry.name },
      at: now,
    });
    await markTier(prisma, shop, row.id, row.tier, (mark?.changes ?? 0) + (draft ? 1 : 0));
    if (draft) drafts.push(draft);
  }
  await advance(prisma, shop, "members", latest, from, now);
  return drafts;
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
