// The one writer of the feed's tables (app/db/table-owners.mjs): loyalty_events, loyalty_event_cursors and
// member_tier_marks. Events are appended under the shop's feed lock, so each shop's `seq` is gapless and in
// commit order; consumers read forward from their cursor (docs/decisions/032-loyalty-event-feed.md).
import type { Prisma, ReadOnlyPrisma } from "~/db/database.server";
import type { EventType, LoyaltyEventDraft } from "./loyalty-events";

/** The feed's sources (read by time) and consumers (read by seq); "email-expiry" is the expiry reminders' last scan (a time). */
export type FeedStream = "transfers" | "members" | "redemptions" | "expiring" | "webhooks" | "flow" | "tier-entry" | "emails" | "email-expiry" | "metafields" | "metafield-members";

export async function readCursor(prisma: ReadOnlyPrisma, shop: string, stream: FeedStream): Promise<{ at: Date | null; seq: number } | null> {
  return prisma.loyaltyEventCursor.findUnique({ where: { shop_stream: { shop, stream } }, select: { at: true, seq: true } });
}

export async function moveCursor(prisma: Prisma, shop: string, stream: FeedStream, to: { at?: Date; seq?: number }): Promise<void> {
  await prisma.loyaltyEventCursor.upsert({ where: { shop_stream: { shop, stream } }, create: { shop, stream, at: to.at ?? null, seq: to.seq ?? 0 }, update: to });
}

/**
 * Appends events after the shop's last one, in one statement per few hundred; the caller holds the shop's feed
 * lock inside one unit of work.
 */
export async function appendEvents(prisma: Prisma, shop: string, events: readonly LoyaltyEventDraft[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const last = await prisma.loyaltyEvent.aggregate({ where: { shop }, _max: { seq: true } });
  const first = (last._max.seq ?? 0) + 1;
  const rows = events.map((event, i) => ({
    id: event.id,
    shop,
    seq: first + i,
    type: event.type,
    memberId: event.memberId,
    payload: event.data === null ? null : JSON.stringify(event.data),
    occurredAt: event.occurredAt,
    createdAt: now,
  }));
  for (let i = 0; i < rows.length; i += APPEND_CHUNK) await prisma.loyaltyEvent.createMany({ data: rows.slice(i, i + APPEND_CHUNK) });
  return events.length;
}

/** Rows per insert: well under SQLite's and PostgreSQL's limits on a statement's parameters (8 per row). */
const APPEND_CHUNK = 200;

/** Which of these event ids the feed already holds. */
export async function knownEventIds(prisma: ReadOnlyPrisma, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await prisma.loyaltyEvent.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

export interface FeedEvent {
  id: string;
  seq: number;
  type: EventType;
  memberId: string;
  payload: string | null;
  occurredAt: Date;
  createdAt: Date;
}

/** The shop's last event appended before `before` (0 for none): where a consumer that must not replay history starts. */
export async function lastSeqBefore(prisma: ReadOnlyPrisma, shop: string, before: Date): Promise<number> {
  const last = await prisma.loyaltyEvent.aggregate({ where: { shop, createdAt: { lt: before } }, _max: { seq: true } });
  return last._max.seq ?? 0;
}

/** A consumer's next events, in order. */
export async function eventsAfter(prisma: ReadOnlyPrisma, shop: string, seq: number, limit: number): Promise<FeedEvent[]> {
  const rows = await prisma.loyaltyEvent.findMany({ where: { shop, seq: { gt: seq } }, orderBy: { seq: "asc" }, take: limit });
  return rows.map((row) => ({ ...row, type: row.type as EventType }));
}

export interface TierMark {
  memberId: string;
  tier: string;
  changes: number;
  /** Whether the member had a mark before (read in the same unit, under the feed's lock). */
  marked: boolean;
}

/** Sets members' marks: the new ones in a statement per few hundred, the others one by one (a tier that changed). */
export async function markTiers(prisma: Prisma, shop: string, marks: readonly TierMark[]): Promise<void> {
  const fresh = marks.filter((mark) => !mark.marked);
  for (let i = 0; i < fresh.length; i += 500) {
    await prisma.memberTierMark.createMany({ data: fresh.slice(i, i + 500).map(({ memberId, tier, changes }) => ({ memberId, shop, tier, changes })) });
  }
  for (const { memberId, tier, changes } of marks.filter((mark) => mark.marked)) {
    await prisma.memberTierMark.update({ where: { memberId }, data: { tier, changes } });
  }
}

/**
 * The tiers the shop's members not updated since `before` hold, taken as published: the first time the feed looks
 * at a shop, so that members who reached a tier before the feed existed are not announced as changing into it.
 * Members updated later are compared with the entry tier they were created in.
 */
export async function markShopTiers(prisma: Prisma, shop: string, before: Date): Promise<void> {
  const members = await prisma.member.findMany({ where: { shop, updatedAt: { lt: before } }, select: { id: true, tier: true } });
  for (let i = 0; i < members.length; i += 500) {
    await prisma.memberTierMark.createMany({ data: members.slice(i, i + 500).map((member) => ({ memberId: member.id, shop, tier: member.tier, changes: 0 })) });
  }
}

/** customers/redact: the member's events keep their ids (so they are never derived again) and lose their data. */
export async function eraseMemberEvents(prisma: Prisma, memberId: string): Promise<number> {
  const { count } = await prisma.loyaltyEvent.updateMany({ where: { memberId, payload: { not: null } }, data: { payload: null } });
  return count;
}

/** shop/redact: the shop's events, cursors and tier marks. */
export async function eraseShopFeed(prisma: Prisma, shop: string): Promise<number> {
  const { count } = await prisma.loyaltyEvent.deleteMany({ where: { shop } });
  await prisma.loyaltyEventCursor.deleteMany({ where: { shop } });
  await prisma.memberTierMark.deleteMany({ where: { shop } });
  return count;
}
