// The feed's consumer for Shopify Flow: each new event becomes one pending send per trigger it starts
// (flow-triggers.ts), and the consumer's cursor moves past it, in one unit of work per turn. The first time it looks at a shop
// it starts after the events already in the feed: Flow hears what happens from then on, not the shop's history.
import type { TallyDatabase } from "~/db/database.server";
import { eventsAfter, lastSeqBefore, moveCursor, readCursor } from "~/loyalty/events/event-feed-store.server";
import { consumeInTurns, type FeedConsumer } from "~/loyalty/events/publish-events.server";
import { RETRY_FOR_MS } from "~/loyalty/outgoing-webhooks/retry-schedule";
import { excludedMemberIds } from "~/loyalty/exclusion/excluded-members.server";
import { findShop } from "~/loyalty/program/shop-store.server";
import { addFlowSends } from "./flow-send-store.server";
import { triggersFor } from "./flow-triggers";

export const queueFlowTriggers: FeedConsumer = (db, shop, now) => consumeInTurns(db, (tx, limit) => queueTriggers(tx, shop, now, limit));

async function queueTriggers(tx: TallyDatabase, shop: string, now: Date, limit: number): Promise<number> {
  const cursor = await readCursor(tx.prisma, shop, "flow");
  // Events appended by this run carry `now`: they are news, the ones before are history.
  const after = cursor ? cursor.seq : await lastSeqBefore(tx.prisma, shop, now);
  const events = await eventsAfter(tx.prisma, shop, after, limit);
  const last = events.at(-1);
  if (!last) {
    if (!cursor) await moveCursor(tx.prisma, shop, "flow", { seq: after });
    return 0;
  }
  // Flow workflows email and tag the customer: an excluded member's events start none
  // (docs/decisions/041-the-program-fits-the-shop.md).
  const rules = (await findShop(tx.read, shop))?.rules;
  const out = rules ? await excludedMemberIds(tx.read, events.map((event) => event.memberId), rules) : new Set<string>();
  const rows = events.filter((event) => !out.has(event.memberId)).flatMap((event) =>
    triggersFor({ ...event, data: event.payload === null ? null : (JSON.parse(event.payload) as unknown) }).map((trigger) => ({ shop, eventId: event.id, trigger })),
  );
  await addFlowSends(tx.prisma, rows, now, new Date(now.getTime() + RETRY_FOR_MS));
  await moveCursor(tx.prisma, shop, "flow", { seq: last.seq });
  return events.length;
}
