// What staff do on the Outgoing webhooks page: register an endpoint (its secret shown once), enable, disable,
// delete it, and retry a delivery that failed for good. Each change and its audit event are one unit of work.
import { randomUUID } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import type { EventType } from "~/loyalty/events/loyalty-events";
import { deleteEndpointRow, insertEndpoint, requeueFailedDelivery, setEndpointEnabledRow } from "./endpoint-store.server";
import { RETRY_FOR_MS } from "./retry-schedule";
import { checkEndpointUrl, type TargetPolicy, type UrlProblem } from "./target-policy";
import { endpointSecret, newSecretSalt } from "./webhook-signature";

/** Endpoints a shop may register: enough for every tool a merchant connects, few enough to send to. */
export const MAX_ENDPOINTS = 10;

export type CreateEndpointOutcome =
  | { ok: true; id: string; url: string; secret: string }
  | { ok: false; error: UrlProblem | "too_many" };

export async function createEndpoint(
  db: TallyDatabase,
  input: { shop: string; staff: StaffMember; url: string; events: EventType[]; policy: TargetPolicy; signingKey: string; now: Date },
): Promise<CreateEndpointOutcome> {
  const checked = checkEndpointUrl(input.url, input.policy);
  if (!checked.ok) return { ok: false, error: checked.problem };
  return db.transaction(async (tx) => {
    if ((await tx.read.webhookEndpoint.count({ where: { shop: input.shop } })) >= MAX_ENDPOINTS) return { ok: false, error: "too_many" } as const;
    const id = randomUUID();
    const secretSalt = newSecretSalt();
    await insertEndpoint(tx.prisma, { id, shop: input.shop, url: checked.url, events: input.events, secretSalt, createdAt: input.now });
    await recordAuditEvent(tx, {
      shop: input.shop,
      staff: input.staff,
      action: "webhook_endpoint.created",
      subjectId: id,
      details: { url: checked.url, events: input.events },
      at: input.now,
    });
    return { ok: true, id, url: checked.url, secret: endpointSecret(input.signingKey, id, secretSalt) } as const;
  });
}

type Change = { ok: true; url: string } | { ok: false; error: "not_found" };

export async function setEndpointEnabled(db: TallyDatabase, input: { shop: string; staff: StaffMember; id: string; enabled: boolean; now: Date }): Promise<Change> {
  return db.transaction(async (tx) => {
    const row = await tx.read.webhookEndpoint.findFirst({ where: { id: input.id, shop: input.shop }, select: { url: true } });
    if (!row || !(await setEndpointEnabledRow(tx.prisma, input.shop, input.id, input.enabled, input.now))) return { ok: false, error: "not_found" } as const;
    await recordAuditEvent(tx, {
      shop: input.shop,
      staff: input.staff,
      action: input.enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
      subjectId: input.id,
      details: { url: row.url },
      at: input.now,
    });
    return { ok: true, url: row.url } as const;
  });
}

export async function deleteEndpoint(db: TallyDatabase, input: { shop: string; staff: StaffMember; id: string; now: Date }): Promise<Change> {
  return db.transaction(async (tx) => {
    const row = await tx.read.webhookEndpoint.findFirst({ where: { id: input.id, shop: input.shop }, select: { url: true } });
    if (!row || !(await deleteEndpointRow(tx.prisma, input.shop, input.id))) return { ok: false, error: "not_found" } as const;
    await recordAuditEvent(tx, { shop: input.shop, staff: input.staff, action: "webhook_endpoint.deleted", subjectId: input.id, details: { url: row.url }, at: input.now });
    return { ok: true, url: row.url } as const;
  });
}

export async function retryWebhookDelivery(
  db: TallyDatabase,
  input: { shop: string; staff: StaffMember; id: string; now: Date },
): Promise<{ ok: true; eventId: string } | { ok: false; error: "not_found" | "not_failed" }> {
  return db.transaction(async (tx) => {
    const row = await tx.read.outgoingWebhookDelivery.findFirst({ where: { id: input.id, shop: input.shop }, select: { eventId: true, endpointId: true, attempts: true } });
    if (!row) return { ok: false, error: "not_found" } as const;
    if (!(await requeueFailedDelivery(tx.prisma, input.shop, input.id, input.now, new Date(input.now.getTime() + RETRY_FOR_MS)))) return { ok: false, error: "not_failed" } as const;
    await recordAuditEvent(tx, {
      shop: input.shop,
      staff: input.staff,
      action: "webhook_delivery.retried",
      subjectId: input.id,
      details: { eventId: row.eventId, endpointId: row.endpointId, attempts: row.attempts },
      at: input.now,
    });
    return { ok: true, eventId: row.eventId } as const;
  });
}
