// The Shopify Flow triggers Tally sends, which loyalty events start them, and the payload each is sent with. Each
// trigger is an extension (extensions/tally-flow-*/shopify.extension.toml) that declares its fields; the payload's
// keys are those fields' keys, and `customer_id` for the customer reference (Shopify's numeric customer id). Flow
// trigger field keys may hold only letters and spaces (the CLI refuses anything else), hence "Points balance".
// docs/flow.md lists them for merchants; docs/decisions/035-shopify-flow.md says why these events and not others.
import { z } from "zod";
import { daysLeft } from "~/loyalty/expiry/expiry-notice";
import type { EventType } from "~/loyalty/events/loyalty-events";

export const FLOW_TRIGGERS = {
  pointsEarned: "tally-points-earned",
  pointsRedeemed: "tally-points-redeemed",
  tierChanged: "tally-tier-changed",
  referralRewarded: "tally-referral-rewarded",
  rewardCodeIssued: "tally-reward-code-issued",
  pointsExpiring: "tally-points-expiring",
} as const;

export type FlowTrigger = (typeof FLOW_TRIGGERS)[keyof typeof FLOW_TRIGGERS];

export const FLOW_TRIGGER_HANDLES: readonly FlowTrigger[] = Object.values(FLOW_TRIGGERS);

/**
 * Codes whose posted credit is points the member earned. Not ADJUSTMENT: Flow's own "Adjust points" action writes
 * one, and a workflow started by "points earned" that adjusts points would start itself again, without end. Not
 * IMPORT (a balance carried over from another app is not news to the member), nor the returns of points that were
 * theirs already (REDEMPTION_RELEASE, EXPIRY_REVERSAL).
 */
const EARNING_CODES: ReadonlySet<string> = new Set(["PURCHASE", "SIGNUP_BONUS", "BIRTHDAY_BONUS", "REFERRAL_ADVOCATE", "MILESTONE_BONUS", "CUSTOM_EVENT", "NEWSLETTER_SIGNUP", "SOCIAL_FOLLOW"]);

const who = z.object({ memberId: z.string(), customerId: z.string() });
const pointsChanged = who.extend({
  code: z.string(),
  points: z.number().int(),
  status: z.string(),
  orderId: z.string().nullable(),
  balanceAfter: z.object({ available: z.number().int() }),
});
const rewardRedeemed = who.extend({
  discountCode: z.string().nullable().optional(),
  points: z.number().int(),
  reward: z.object({ id: z.string(), kind: z.string() }).nullable(),
  expiresAt: z.string(),
});
const tierChanged = who.extend({ from: z.object({ name: z.string() }), to: z.object({ name: z.string() }) });
const referralRewarded = who.extend({ points: z.number().int(), orderId: z.string().nullable() });
const pointsExpiring = who.extend({ points: z.number().int(), expiresAt: z.string() });

/** A feed event as the triggers read it; `data` is null once the customer was redacted. */
export interface FlowEvent {
  id: string;
  type: EventType;
  occurredAt: Date;
  data: unknown;
}

/** The triggers an event starts; none for a redacted customer, whose events carry no data. */
export function triggersFor(event: FlowEvent): FlowTrigger[] {
  if (event.data === null) return [];
  switch (event.type) {
    case "points.changed": {
      const data = pointsChanged.safeParse(event.data);
      return data.success && data.data.status === "posted" && data.data.points > 0 && EARNING_CODES.has(data.data.code) ? [FLOW_TRIGGERS.pointsEarned] : [];
    }
    case "reward.redeemed": {
      const data = rewardRedeemed.safeParse(event.data);
      if (!data.success) return [];
      return data.data.discountCode ? [FLOW_TRIGGERS.pointsRedeemed, FLOW_TRIGGERS.rewardCodeIssued] : [FLOW_TRIGGERS.pointsRedeemed];
    }
    case "tier.changed":
      return [FLOW_TRIGGERS.tierChanged];
    case "referral.rewarded":
      return [FLOW_TRIGGERS.referralRewarded];
    case "points.expiring":
      return [FLOW_TRIGGERS.pointsExpiring];
  }
}

export type FlowPayload = Record<string, string | number>;

export type PayloadResult = { ok: true; payload: FlowPayload } | { ok: false; problem: string };

/**
 * Flow's customer reference is Shopify's numeric id, sent as a JSON number: one above 2^53 cannot be written
 * exactly, and is refused here rather than sent as another customer's.
 */
function customerReference(customerId: string): { customer_id: number } | null {
  const id = Number(customerId);
  return /^\d+$/.test(customerId) && Number.isSafeInteger(id) ? { customer_id: id } : null;
}

function build<S extends z.ZodType>(schema: S, event: FlowEvent, fields: (data: z.output<S>) => FlowPayload): PayloadResult {
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) return { ok: false, problem: `The event's data does not have what the trigger needs: ${z.prettifyError(parsed.error)}` };
  const data = parsed.data as z.output<S> & { customerId: string };
  const customer = customerReference(data.customerId);
  if (!customer) return { ok: false, problem: `Customer id ${data.customerId} cannot be sent to Flow as a number exactly.` };
  return { ok: true, payload: { ...customer, ...fields(data), "Event ID": event.id } };
}

/** The payload `trigger` is sent with for `event`, in the keys its extension declares. */
export function flowPayload(trigger: FlowTrigger, event: FlowEvent): PayloadResult {
  switch (trigger) {
    case FLOW_TRIGGERS.pointsEarned:
      return build(pointsChanged, event, (data) => ({
        Points: data.points,
        "Points balance": data.balanceAfter.available,
        Reason: data.code,
        "Order ID": data.orderId ?? "",
      }));
    case FLOW_TRIGGERS.pointsRedeemed:
      return build(rewardRedeemed, event, (data) => ({ Points: data.points, "Reward type": data.reward?.kind ?? "", "Reward ID": data.reward?.id ?? "" }));
    case FLOW_TRIGGERS.rewardCodeIssued:
      return build(rewardRedeemed, event, (data) => ({
        "Discount code": data.discountCode ?? "",
        Points: data.points,
        "Reward type": data.reward?.kind ?? "",
        "Reward ID": data.reward?.id ?? "",
        "Expires at": data.expiresAt,
      }));
    case FLOW_TRIGGERS.tierChanged:
      return build(tierChanged, event, (data) => ({ "Previous tier": data.from.name, "New tier": data.to.name }));
    case FLOW_TRIGGERS.referralRewarded:
      return build(referralRewarded, event, (data) => ({ Points: data.points, "Order ID": data.orderId ?? "" }));
    case FLOW_TRIGGERS.pointsExpiring:
      // Counted from when the feed saw it, so a retry sends the same payload.
      return build(pointsExpiring, event, (data) => ({ Points: data.points, "Expires at": data.expiresAt, "Days left": daysLeft(new Date(data.expiresAt), event.occurredAt) }));
  }
}
