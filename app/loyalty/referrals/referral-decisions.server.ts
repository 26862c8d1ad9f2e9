// A staff member approving or rejecting a referral by hand (docs/decisions/013-manual-referral-decisions.md).
// Approving pays the reward exactly as the job would (rewardReferral); rejecting a rewarded referral takes the
// reward back with a reversal. Each decision runs under the shop's settlement lock, the lock the order's events
// are settled under, so a decision and settlement never interleave; status changes are conditional on the status
// read, and every ledger write has a key from the referral, so a repeated request changes nothing.
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import type { TallyDatabase } from "~/db/database.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { moveReferral } from "./referral-rollups.server";
import { referralReversalKey, reverseReferralReward, rewardReferral } from "~/loyalty/referrals/referral-store.server";
import { withSettlementLock } from "~/loyalty/earning/settlement-lock.server";

export type ReferralDecision = "approve" | "reject";

export interface DecisionRequest {
  shop: string;
  referralId: string;
  decision: ReferralDecision;
  staff: StaffMember;
}

export type DecisionResult =
  /** `changed` is false when the referral already was what was asked (a repeated request). */
  | { ok: true; decision: "approve"; changed: boolean; points: number }
  | { ok: true; decision: "reject"; changed: boolean; reversedPoints: number }
  | { ok: false; error: "not_found" }
  /** Cancelled referrals (refunded or cancelled orders) and referrals whose reward was taken back stay as they are. */
  | { ok: false; error: "not_allowed"; status: string };

/** The reason a hand rejection records, shown in plain words on the Referrals page. */
export const MANUAL_REJECTION = "manual";

export async function decideReferral(db: TallyDatabase, request: DecisionRequest, now: Date = new Date()): Promise<DecisionResult> {
  const { shop, referralId } = request;
  // Under the lock settlement holds, so that the order's events and the decision never plan from one state.
  return withSettlementLock(db, shop, async () => {
    const referral = await db.prisma.referral.findFirst({ where: { id: referralId, shop } });
    if (!referral) return { ok: false, error: "not_found" } as const;
    return request.decision === "approve" ? approve(db, referral, request.staff, now) : reject(db, referral, request.staff, now);
  });
}

type ReferralRow = NonNullable<Awaited<ReturnType<TallyDatabase["prisma"]["referral"]["findFirst"]>>>;

async function approve(db: TallyDatabase, referral: ReferralRow, staff: StaffMember, now: Date): Promise<DecisionResult> {
  if (referral.status === "rewarded") return { ok: true, decision: "approve", changed: false, points: 0 };
  if (referral.status !== "pending" && referral.status !== "rejected") return { ok: false, error: "not_allowed", status: referral.status };
  // A reward once taken back stays taken back: paying it again would need a second reward for one order.
  const reversal = await db.prisma.transfer.findUnique({
    where: { shop_idempotencyKey: { shop: referral.shop, idempotencyKey: referralReversalKey(referral.orderId) } },
    select: { id: true },
  });
  if (reversal) return { ok: false, error: "not_allowed", status: referral.status };
  const rules = (await findShop(db.prisma, referral.shop))?.rules ?? defaultProgramRules();
  const outcome = await rewardReferral(db, referral, rules, now, { from: referral.status, decidedBy: staff });
  if (!outcome.rewarded) return { ok: true, decision: "approve", changed: false, points: 0 };
  await recordAuditEvent(db.prisma, {
    id: `${referral.shop}:referral:${referral.id}:approved`,
    shop: referral.shop,
    staff,
    action: "referral.approved",
    subjectId: referral.id,
    details: {
      orderId: referral.orderId,
      advocateMemberId: referral.advocateMemberId,
      previousStatus: referral.status,
      previousReason: referral.reason,
      points: outcome.points,
      transferId: outcome.transferId,
    },
    at: now,
  });
  return { ok: true, decision: "approve", changed: true, points: outcome.points };
}

async function reject(db: TallyDatabase, referral: ReferralRow, staff: StaffMember, now: Date): Promise<DecisionResult> {
  if (referral.status === "cancelled") return { ok: false, error: "not_allowed", status: referral.status };
  if (referral.status === "rejected") {
    // Already rejected; a reward paid by a run that crashed before marking the referral is still taken back.
    await reverseReferralReward(db, referral, staff.name);
    return { ok: true, decision: "reject", changed: false, reversedPoints: 0 };
  }
  // The reward goes first: if the status changed first and the reversal then failed, a retry would find the
  // referral rejected and the reward still paid.
  const reversal = await reverseReferralReward(db, referral, staff.name);
  const count = await db.transaction(async (tx) => {
    const changed = await tx.sql.run(
      "UPDATE referrals SET status = 'rejected', reason = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ? AND status = ?",
      [MANUAL_REJECTION, staff.name, now, now, referral.id, referral.status],
    );
    if (changed > 0) {
      await moveReferral(tx, referral.shop, referral.orderId, { status: referral.status, reason: referral.reason }, { status: "rejected", reason: MANUAL_REJECTION });
    }
    return changed;
  });
  if (count === 0) return { ok: true, decision: "reject", changed: false, reversedPoints: 0 };
  await recordAuditEvent(db.prisma, {
    id: `${referral.shop}:referral:${referral.id}:rejected:${referral.status}`,
    shop: referral.shop,
    staff,
    action: "referral.rejected",
    subjectId: referral.id,
    details: {
      orderId: referral.orderId,
      advocateMemberId: referral.advocateMemberId,
      previousStatus: referral.status,
      reversedPoints: reversal?.points ?? 0,
      reversalTransferId: reversal?.transferId ?? null,
    },
    at: now,
  });
  return { ok: true, decision: "reject", changed: true, reversedPoints: reversal?.points ?? 0 };
}
