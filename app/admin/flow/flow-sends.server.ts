// The Shopify Flow triggers of a shop that Shopify did not take: failed for good, or waiting to be tried again.
// Shown on the Outgoing webhooks page, beside the merchant's own endpoints' deliveries.
import type { ReadOnlyPrisma } from "~/db/database.server";

const PAGE_SIZE = 100;

export interface FlowSendRow {
  id: string;
  eventId: string;
  trigger: string;
  status: string;
  attempts: number;
  error: string | null;
  nextAttemptAt: string | null;
}

export async function troubledFlowSends(prisma: ReadOnlyPrisma, shop: string): Promise<FlowSendRow[]> {
  const rows = await prisma.flowTriggerSend.findMany({
    where: { shop, OR: [{ status: "failed" }, { status: "pending", attempts: { gt: 0 } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE,
  });
  return rows.map((row) => ({
    id: row.id,
    eventId: row.eventId,
    trigger: row.trigger,
    status: row.status,
    attempts: row.attempts,
    error: row.lastError,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
  }));
}
