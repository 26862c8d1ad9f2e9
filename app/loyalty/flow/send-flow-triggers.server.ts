// The sender: due Flow trigger sends are claimed, their payload built from the event (flow-triggers.ts) and sent
// with flowTriggerReceive through the shop's Admin API, then marked sent, retried with backoff
// (outgoing-webhooks/retry-schedule.ts: 30 s doubling to 2 h, for a day) or failed. It runs from the job runner,
// never on a webhook's or a settlement's path (docs/decisions/035-shopify-flow.md).
import type { TallyDatabase } from "~/db/database.server";
import { nextAttemptAt } from "~/loyalty/outgoing-webhooks/retry-schedule";
import { log } from "~/operations/logger.server";
import { FLOW_TRIGGER_RECEIVE, flowTriggerReceiveData } from "~/shopify-admin/flow-trigger-receive-mutation";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import type { EventType } from "~/loyalty/events/loyalty-events";
import { claimDueFlowSends, FLOW_SEND_LEASE_MS, markFlowAttemptFailed, markFlowSent, markFlowSkipped, putBackUntriedFlowSends, type ClaimedFlowSend } from "./flow-send-store.server";
import { FLOW_TRIGGER_HANDLES, flowPayload, type FlowTrigger } from "./flow-triggers";
import { runClockFrom, sendInLaneBatches, type RunClock } from "~/operations/job-share.server";

const BATCH = 50;
/** Eight shops' triggers at once, each shop's one after another (Shopify throttles each shop's calls). */
const LANES = { atOnce: 8, perLane: 1 };

export interface FlowSendRun {
  sent: number;
  failed: number;
}

function isFlowTrigger(value: string): value is FlowTrigger {
  return (FLOW_TRIGGER_HANDLES as readonly string[]).includes(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How a send went; `shopDown` when the shop's Admin API could not be used at all (no session, no answer). */
type Outcome = { sent: true } | { sent: false; error: string; retry: boolean; shopDown?: true } | { skipped: string };

async function sendOne(db: TallyDatabase, send: ClaimedFlowSend, adminOf: (shop: string) => Promise<AdminGraphql>): Promise<Outcome> {
  const event = await db.read.loyaltyEvent.findUnique({ where: { id: send.eventId } });
  if (!event || event.payload === null) return { skipped: "The customer's data was erased." };
  if (!isFlowTrigger(send.trigger)) return { sent: false, error: `Tally has no Flow trigger ${send.trigger}.`, retry: false };
  const built = flowPayload(send.trigger, { id: event.id, type: event.type as EventType, occurredAt: event.occurredAt, data: JSON.parse(event.payload) as unknown });
  // The same event builds the same payload next time: no point in trying again.
  if (!built.ok) return { sent: false, error: built.problem, retry: false };
  try {
    const admin = await adminOf(send.shop);
    const { flowTriggerReceive: result } = await runAdminQuery(admin, FLOW_TRIGGER_RECEIVE, { handle: send.trigger, payload: built.payload }, flowTriggerReceiveData);
    const problems = result?.userErrors ?? [];
    if (!result) return { sent: false, error: "Shopify answered flowTriggerReceive with nothing.", retry: true };
    // A payload Shopify refuses may be accepted once the app's new extension version is released: tried again
    // for a day, as any other failure, then failed where staff and the logs can see it.
    if (problems.length > 0) return { sent: false, error: `Shopify refused the trigger: ${problems.map((problem) => problem.message).join("; ")}`, retry: true };
    return { sent: true };
  } catch (error) {
    // No session for the shop, Shopify unreachable, a throttled or rejected request: the shop's next send would
    // meet the same.
    return { sent: false, error: messageOf(error), retry: true, shopDown: true };
  }
}

export async function sendDueFlowTriggers(
  db: TallyDatabase,
  now: Date,
  adminFor: (shop: string) => Promise<AdminGraphql>,
  clock: RunClock = runClockFrom(now),
): Promise<FlowSendRun> {
  const run: FlowSendRun = { sent: 0, failed: 0 };
  const admins = new Map<string, Promise<AdminGraphql>>();
  const adminOf = (shop: string) => {
    let admin = admins.get(shop);
    if (!admin) {
      admin = adminFor(shop);
      admins.set(shop, admin);
    }
    return admin;
  };
  // One lane per shop (send-lanes.ts).
  await sendInLaneBatches<ClaimedFlowSend>(BATCH, {
    // The claims in one unit: one commit, not one per send.
    claim: (size, down, at) => db.transaction((tx) => claimDueFlowSends(tx.prisma, at, size, down)),
    laneOf: (send) => send.shop,
    async send(send) {
      const outcome = await sendOne(db, send, adminOf);
      const recorded = await recordOutcome(db, send, outcome, now);
      if (recorded === "sent") run.sent += 1;
      if (recorded !== "failed") return "went";
      run.failed += 1;
      return "shopDown" in outcome && !outcome.sent ? { farSideDown: outcome.error } : "failed";
    },
    limits: LANES,
    leaseMs: FLOW_SEND_LEASE_MS,
    clock,
    putBack: (untried, error) => putBackUntriedFlowSends(db.prisma, untried, now, error),
  });
  return run;
}

/** Marks the send as it went: sent, skipped, or failed (to be tried again after its backoff, or not at all). */
async function recordOutcome(db: TallyDatabase, send: ClaimedFlowSend, outcome: Outcome, now: Date): Promise<"sent" | "skipped" | "failed"> {
  if ("skipped" in outcome) {
    await markFlowSkipped(db.prisma, send.id, outcome.skipped);
    return "skipped";
  }
  if (outcome.sent) {
    await markFlowSent(db.prisma, send.id, now);
    return "sent";
  }
  const next = outcome.retry ? nextAttemptAt(send.attempts, now, send.giveUpAt) : null;
  await markFlowAttemptFailed(db.prisma, send.id, outcome.error, next);
  log().warn(
    { job: "flow triggers", shop: send.shop, send: send.id, trigger: send.trigger, attempts: send.attempts, retryAt: next?.toISOString() ?? null, error: outcome.error },
    next ? "a Flow trigger was not sent; it is tried again later" : "a Flow trigger was not sent and will not be tried again",
  );
  return "failed";
}
