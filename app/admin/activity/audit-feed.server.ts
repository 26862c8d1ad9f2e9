// The audit log as the Activity page shows it: one keyset page of a shop's staff actions, newest first, each
// described in plain language.
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { encodeCursor, type ActivitySearch } from "./activity-filters";
import { describeAuditEvent } from "./audit-descriptions";
import { keysetPage } from "./keyset-page";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditEntry {
  id: string;
  createdAt: string;
  actorName: string;
  action: string;
  title: string;
  lines: string[];
  memberId: string | null;
}

export interface AuditFeed {
  events: AuditEntry[];
  newerCursor: string | null;
  olderCursor: string | null;
}

/** `currencyCode`: the shop's, for the amounts of program changes. */
export async function queryAuditFeed(prisma: ReadOnlyPrisma, shop: string, search: ActivitySearch, currencyCode: string): Promise<AuditFeed> {
  const fetched = await listAuditEvents(prisma, shop, { action: search.action, cursor: search.cursor, limit: AUDIT_PAGE_SIZE + 1 });
  const page = keysetPage(fetched, AUDIT_PAGE_SIZE, search.cursor);
  return {
    events: page.rows.map((event) => ({
      id: event.id,
      createdAt: event.createdAt.toISOString(),
      actorName: event.actorName,
      action: event.action,
      ...describeAuditEvent(event, currencyCode),
    })),
    newerCursor: page.newer ? encodeCursor(page.newer) : null,
    olderCursor: page.older ? encodeCursor(page.older) : null,
  };
}
