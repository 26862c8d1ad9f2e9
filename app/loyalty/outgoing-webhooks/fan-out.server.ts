// The feed's consumer for outgoing webhooks: each new event becomes one delivery per enabled endpoint of the shop
// that asked for its type, and the consumer's cursor moves past it, in one unit of work per turn.
import type { TallyDatabase } from "~/db/database.server";
import { eventsAfter, moveCursor, readCursor } from "~/loyalty/events/event-feed-store.server";
import { consumeInTurns, type FeedConsumer } from "~/loyalty/events/publish-events.server";
import { addDeliveries, shopEndpoints } from "./endpoint-store.server";
import { RETRY_FOR_MS } from "./retry-schedule";

export const fanOutToEndpoints: FeedConsumer = (db, shop, now) => consumeInTurns(db, (tx, limit) => fanOut(tx, shop, now, limit));

async function fanOut(tx: TallyDatabase, shop: string, now: Date, limit: number): Promise<number> {
  const cursor = await readCursor(tx.prisma, shop, "webhooks");
  const events = await eventsAfter(tx.prisma, shop, cursor?.seq ?? 0, limit);
  const last = events.at(-1);
  if (!last) return 0;
  const endpoints = (await shopEndpoints(tx.prisma, shop)).filter((endpoint) => endpoint.enabled);
  const rows = events.flatMap((event) =>
    event.payload === null
      ? []
      : endpoints
          // An endpoint receives what happened after it was registered, not the shop's history.
          .filter((endpoint) => endpoint.events.includes(event.type) && endpoint.createdAt.getTime() <= event.occurredAt.getTime())
          .map((endpoint) => ({ shop, endpointId: endpoint.id, eventId: event.id })),
  );
  await addDeliveries(tx.prisma, rows, now, new Date(now.getTime() + RETRY_FOR_MS));
  await moveCursor(tx.prisma, shop, "webhooks", { seq: last.seq });
  return events.length;
}
