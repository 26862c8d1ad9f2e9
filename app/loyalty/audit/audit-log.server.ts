// The staff audit log: every program rule change and manual action, with who did it and when. This module is
// the only writer of audit_events, which are append-only (database triggers refuse UPDATE and DELETE, as for
// transfers). Details hold ids and amounts, and the reason staff typed for an adjustment, which customers/redact
// replaces through the ledger writer, running the statements of ./audit-erasure-sql.ts under the ledger's mark
// (docs/decisions/019-customer-redaction.md).
import { randomUUID } from "node:crypto";
import { prismaOf, type Prisma, type ReadOnlyPrisma, type TallyDatabase } from "~/db/database.server";
import type { StaffMember } from "./staff-member";
import { isUniqueViolation } from "~/db/prisma-errors";

export const AUDIT_ACTIONS = [
  "program.updated",
  "member.adjusted",
  "member.excluded",
  "member.included",
  "referral.approved",
  "referral.rejected",
  "import.completed",
  "history.queued",
  "history.points_awarded",
  "delivery.retried",
  "webhook_endpoint.created",
  "webhook_endpoint.enabled",
  "webhook_endpoint.disabled",
  "webhook_endpoint.deleted",
  "webhook_delivery.retried",
  "api_key.created",
  "api_key.revoked",
  "email_settings.updated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  shop: string;
  staff: StaffMember;
  action: AuditAction;
  /** What it happened to: a member id, a referral id, an import id. */
  subjectId?: string | null;
  details: Record<string, unknown>;
  /**
   * Give one when the action itself is idempotent (e.g. the ledger key of a manual adjustment): a retried
   * request then records the event once.
   */
  id?: string;
  at?: Date;
}

export interface AuditEvent {
  id: string;
  shop: string;
  actorId: string;
  actorName: string;
  action: AuditAction;
  subjectId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** Records what a staff member did; a repeat of an event with the same id is ignored. */
export async function recordAuditEvent(db: TallyDatabase | Pick<Prisma, "auditEvent">, entry: AuditEntry): Promise<void> {
  try {
    await prismaOf(db).auditEvent.create({
      data: {
        id: entry.id ?? randomUUID(),
        shop: entry.shop,
        actorId: entry.staff.id,
        actorName: entry.staff.name,
        action: entry.action,
        subjectId: entry.subjectId ?? null,
        details: JSON.stringify(entry.details),
        createdAt: entry.at ?? new Date(),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export interface AuditQuery {
  action?: AuditAction;
  subjectId?: string;
  /** Only events before this time (for paging back through the log). */
  before?: Date;
  /**
   * A keyset page: the events just older (or just newer) than this one, in the log's (created_at, id) order, so
   * events recorded in the same millisecond are neither skipped nor repeated. Newer pages are still returned
   * newest first.
   */
  cursor?: { direction: "older" | "newer"; createdAt: Date; id: string };
  limit: number;
}

function cursorFilter(cursor: AuditQuery["cursor"]) {
  if (!cursor) return {};
  const { createdAt, id } = cursor;
  return cursor.direction === "older"
    ? { AND: [{ createdAt: { lte: createdAt } }, { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }] }
    : { AND: [{ createdAt: { gte: createdAt } }, { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] }] };
}

/** A shop's audit events, newest first. */
export async function listAuditEvents(prisma: ReadOnlyPrisma, shop: string, query: AuditQuery): Promise<AuditEvent[]> {
  const rows = await prisma.auditEvent.findMany({
    where: {
      shop,
      ...(query.action ? { action: query.action } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      ...(query.before ? { createdAt: { lt: query.before } } : {}),
      ...cursorFilter(query.cursor),
    },
    orderBy: query.cursor?.direction === "newer" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  if (query.cursor?.direction === "newer") rows.reverse();
  return rows.map((row) => ({
    ...row,
    action: row.action as AuditAction,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}
