// The shop's webhook deliveries that failed for good, as the merchant sees them, and the retry a staff member asks
// for: the delivery goes back in the queue (delivery-queue.server.ts) and the audit log records who asked, in one
// transaction. Nothing personal leaves the payload: only the topic and Shopify's ids (delivery-subject.ts).
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { deliveriesStrings } from "~/admin/strings/deliveries";
import type { ReadOnlyPrisma, TallyDatabase } from "~/db/database.server";
import { retryFailedDelivery } from "~/queue/delivery-queue.server";
import { deliverySubject } from "./delivery-subject";

/** The page lists the most recent ones; the dashboard and the page's note give the total. */
const PAGE_SIZE = 100;
/** Errors come from code, not people; the first lines say what went wrong. */
const ERROR_CHARS = 300;

export interface FailedDeliveryRow {
  id: string;
  topic: string;
  subject: string;
  receivedAt: string;
  attempts: number;
  error: string;
}

export function countFailedDeliveries(prisma: ReadOnlyPrisma, shop: string): Promise<number> {
  return prisma.webhookDelivery.count({ where: { shop, status: "failed" } });
}

function errorText(lastError: string | null): string {
  const message = lastError?.trim() ?? "";
  return deliveriesStrings.error(message.length > ERROR_CHARS ? `${message.slice(0, ERROR_CHARS - 1)}…` : message || null);
}

export async function listFailedDeliveries(prisma: ReadOnlyPrisma, shop: string): Promise<{ rows: FailedDeliveryRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    prisma.webhookDelivery.findMany({
      where: { shop, status: "failed" },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE,
      select: { id: true, topic: true, payload: true, receivedAt: true, attempts: true, lastError: true },
    }),
    countFailedDeliveries(prisma, shop),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      topic: row.topic,
      subject: deliveriesStrings.subject(deliverySubject(row.topic, row.payload)),
      receivedAt: row.receivedAt.toISOString(),
      attempts: row.attempts,
      error: errorText(row.lastError),
    })),
  };
}

export type RetryOutcome = { ok: true; subject: string } | { ok: false; error: "not_found" | "not_failed" };

export async function retryDelivery(db: TallyDatabase, input: { shop: string; id: string; staff: StaffMember; now: Date }): Promise<RetryOutcome> {
  const { shop, id, staff, now } = input;
  return db.transaction(async (tx) => {
    const row = await tx.read.webhookDelivery.findFirst({ where: { id, shop }, select: { topic: true, payload: true, attempts: true, lastError: true } });
    if (!row) return { ok: false, error: "not_found" } as const;
    if (!(await retryFailedDelivery(tx, shop, id, now))) return { ok: false, error: "not_failed" } as const;
    const subject = deliveriesStrings.subject(deliverySubject(row.topic, row.payload));
    await recordAuditEvent(tx, {
      shop,
      staff,
      action: "delivery.retried",
      subjectId: id,
      details: { deliveryId: id, topic: row.topic, subject, attempts: row.attempts },
      at: now,
    });
    return { ok: true, subject } as const;
  });
}
