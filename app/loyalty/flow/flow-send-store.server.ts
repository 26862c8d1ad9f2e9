// The one writer of flow_trigger_sends (app/db/table-owners.mjs): a loyalty event on its way to Shopify Flow as one
// trigger, claimed with a lease by the sender, sent, retried with backoff or failed
// (docs/decisions/035-shopify-flow.md).
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/db/database.server";
import type { FlowTrigger } from "./flow-triggers";

export async function addFlowSends(prisma: Prisma, rows: { shop: string; eventId: string; trigger: FlowTrigger }[], now: Date, giveUpAt: Date): Promise<void> {
  if (rows.length === 0) return;
  await prisma.flowTriggerSend.createMany({
    data: rows.map((row) => ({ id: randomUUID(), ...row, status: "pending", attempts: 0, nextAttemptAt: now, giveUpAt, createdAt: now })),
  });
}

/** How long an attempt is its sender's before another sender may take it over: well past one Admin API call. */
export const FLOW_SEND_LEASE_MS = 60_000;

export interface ClaimedFlowSend {
  id: string;
  shop: string;
  eventId: string;
  trigger: string;
  attempts: number;
  giveUpAt: Date;
  /** When it was due before this claim: where it goes back to should its sender not try it. */
  dueAt: Date;
}

/**
 * Takes due sends, each by a conditional update, so two senders never hold one send at once; none of the shops in
 * `exceptShops` (their Admin API could not be reached in this run).
 */
export async function claimDueFlowSends(prisma: Prisma, now: Date, limit: number, exceptShops: readonly string[] = []): Promise<ClaimedFlowSend[]> {
  const due = await prisma.flowTriggerSend.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...(exceptShops.length > 0 ? { shop: { notIn: [...exceptShops] } } : {}) },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const claimed: ClaimedFlowSend[] = [];
  for (const row of due) {
    const { count } = await prisma.flowTriggerSend.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + FLOW_SEND_LEASE_MS), attempts: { increment: 1 } },
    });
    if (count === 1) {
      claimed.push({ id: row.id, shop: row.shop, eventId: row.eventId, trigger: row.trigger, attempts: row.attempts + 1, giveUpAt: row.giveUpAt, dueAt: row.nextAttemptAt });
    }
  }
  return claimed;
}

/**
 * Claimed sends their sender did not try: because their shop's Admin API could not be used a moment before
 * (app/operations/send-lanes.ts), or because half the claim's lease had passed (`error` null,
 * app/operations/job-share.server.ts). They go back in the queue as they were before the claim; past their last
 * try, those the far side stopped fail for good with the shop's failure, as their own try would have. A send
 * another sender has claimed since (its lease ended) is left to it.
 */
export async function putBackUntriedFlowSends(prisma: Prisma, untried: readonly ClaimedFlowSend[], now: Date, error: string | null): Promise<void> {
  for (const send of untried) {
    const failing = error !== null && send.giveUpAt <= now ? error : null;
    await prisma.flowTriggerSend.updateMany({
      where: { id: send.id, status: "pending", attempts: send.attempts },
      data: failing !== null ? { status: "failed", lastError: failing.slice(0, 500), attempts: send.attempts - 1 } : { nextAttemptAt: send.dueAt, attempts: send.attempts - 1 },
    });
  }
}

export async function markFlowSent(prisma: Prisma, id: string, now: Date): Promise<void> {
  await prisma.flowTriggerSend.update({ where: { id }, data: { status: "sent", lastError: null, sentAt: now } });
}

/** Another attempt at `next`, or failed for good when `next` is null. */
export async function markFlowAttemptFailed(prisma: Prisma, id: string, error: string, next: Date | null): Promise<void> {
  await prisma.flowTriggerSend.update({
    where: { id },
    data: { status: next ? "pending" : "failed", lastError: error.slice(0, 500), ...(next ? { nextAttemptAt: next } : {}) },
  });
}

export async function markFlowSkipped(prisma: Prisma, id: string, reason: string): Promise<void> {
  await prisma.flowTriggerSend.update({ where: { id }, data: { status: "skipped", lastError: reason } });
}

/** shop/redact: everything the shop had on its way to Flow. */
export async function eraseShopFlowSends(prisma: Prisma, shop: string): Promise<number> {
  const { count } = await prisma.flowTriggerSend.deleteMany({ where: { shop } });
  return count;
}

/**
 * customers/redact: sends of the customer's events that have not gone will not go, and no error Shopify answered
 * about them (which may quote the payload) is kept.
 */
export async function forgetFlowSendsOf(prisma: Prisma, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const erased = "The customer's data was erased.";
  await prisma.flowTriggerSend.updateMany({ where: { eventId: { in: [...eventIds] }, status: { in: ["pending", "failed"] } }, data: { status: "skipped", lastError: erased } });
  await prisma.flowTriggerSend.updateMany({ where: { eventId: { in: [...eventIds] }, lastError: { not: null } }, data: { lastError: erased } });
}
