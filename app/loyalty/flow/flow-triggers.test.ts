import { describe, expect, it } from "vitest";
import { answerFlowTrigger, declaredFlowTriggers, DEFAULT_EXTENSIONS_DIR } from "../../../tools/admin-api-standin/flow-triggers";
import { FLOW_TRIGGER_HANDLES, flowPayload, triggersFor, type FlowEvent } from "./flow-triggers";

const who = { memberId: "m1", customerId: "42" };
const at = new Date("2026-12-01T10:00:00Z");

function event(type: FlowEvent["type"], data: Record<string, unknown> | null, id = `${type}:1`): FlowEvent {
  return { id, type, occurredAt: at, data: data && { ...who, ...data } };
}

const earned = event("points.changed", { transferId: "t1", code: "PURCHASE", points: 40, status: "posted", orderId: "1001", balanceAfter: { available: 140, posted: 140 } });
const redeemed = event("reward.redeemed", { redemptionId: "r1", discountCode: "TALLY-AB12", points: 500, reward: { id: "amount-off-500", kind: "amount_off" }, expiresAt: "2026-12-02T10:00:00.000Z" });
const examples: FlowEvent[] = [
  earned,
  redeemed,
  event("tier.changed", { from: { key: "member", name: "Member" }, to: { key: "silver", name: "Silver" } }),
  event("referral.rewarded", { transferId: "t2", code: "MILESTONE_BONUS", points: 1000, orderId: null }),
  event("points.expiring", { points: 300, expiresAt: "2026-12-08T10:00:00.000Z" }),
];

describe("Flow triggers", () => {
  it("are exactly the flow_trigger extensions the app declares", () => {
    expect([...declaredFlowTriggers(DEFAULT_EXTENSIONS_DIR).keys()].sort()).toEqual([...FLOW_TRIGGER_HANDLES].sort());
  });

  it("start from the events the brief names, one per event, two for a reward code", () => {
    expect(examples.map((example) => triggersFor(example))).toEqual([
      ["tally-points-earned"],
      ["tally-points-redeemed", "tally-reward-code-issued"],
      ["tally-tier-changed"],
      ["tally-referral-rewarded"],
      ["tally-points-expiring"],
    ]);
  });

  it("announce only points earned: posted credits of earning codes, never an adjustment (Flow's own action) or a hold", () => {
    const changed = (data: Record<string, unknown>) => triggersFor(event("points.changed", { ...(earned.data as Record<string, unknown>), ...data }));
    expect(changed({ status: "pending" })).toEqual([]);
    expect(changed({ code: "ADJUSTMENT" })).toEqual([]);
    expect(changed({ code: "IMPORT" })).toEqual([]);
    expect(changed({ code: "REDEMPTION", points: -500 })).toEqual([]);
    expect(changed({ code: "REFUND_REVERSAL", points: -10 })).toEqual([]);
    expect(changed({ code: "SIGNUP_BONUS" })).toEqual(["tally-points-earned"]);
    expect(changed({ code: "CUSTOM_EVENT" })).toEqual(["tally-points-earned"]);
  });

  it("start nothing for a redacted customer's event", () => {
    expect(triggersFor(event("points.changed", null))).toEqual([]);
    expect(triggersFor(event("tier.changed", null))).toEqual([]);
  });

  it("send payloads the stand-in, checking them against each extension's declared fields, accepts", () => {
    for (const example of examples) {
      for (const handle of triggersFor(example)) {
        const built = flowPayload(handle, example);
        if (!built.ok) throw new Error(built.problem);
        expect(answerFlowTrigger(DEFAULT_EXTENSIONS_DIR, { handle, payload: built.payload }), handle).toEqual({ userErrors: [] });
      }
    }
  });

  it("send the customer as Shopify's numeric id and the event's id, and days left as seen when the event was found", () => {
    expect(flowPayload("tally-points-earned", earned)).toEqual({
      ok: true,
      payload: { customer_id: 42, Points: 40, "Points balance": 140, Reason: "PURCHASE", "Order ID": "1001", "Event ID": "points.changed:1" },
    });
    expect(flowPayload("tally-points-expiring", examples[4] as FlowEvent)).toMatchObject({ ok: true, payload: { "Days left": 7 } });
  });

  it("refuse to send a customer id too large for a JSON number, rather than another customer's", () => {
    const big = { ...earned, data: { ...(earned.data as Record<string, unknown>), customerId: "820982911946154508" } };
    expect(flowPayload("tally-points-earned", big)).toEqual({ ok: false, problem: "Customer id 820982911946154508 cannot be sent to Flow as a number exactly." });
  });
});
