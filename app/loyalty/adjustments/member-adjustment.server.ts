// A manual adjustment of a member's points, by a staff member in the admin or by an API key (the public API):
// one ADJUSTMENT transfer through the ledger writer, with who acted as actor and the reason as memo, and one
// member.adjusted audit event. The ledger key comes from the form's own key (or the API's Idempotency-Key), so a
// double submit or a retry writes once, and the audit event's id comes from the same key, so it is recorded once too.
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import type { TallyDatabase } from "~/db/database.server";
import { availablePoints } from "~/loyalty/ledger/balances";
import type { Transfer } from "~/loyalty/ledger/transfers";

export interface AdjustmentRequest {
  shop: string;
  memberId: string;
  staff: StaffMember;
  points: number;
  reason: string;
  /** Generated when the form was rendered. */
  formKey: string;
}

export type AdjustmentResult =
  | { ok: true; transferId: string; transfer: Transfer; points: number; available: number; replayed: boolean }
  | { ok: false; error: "member_not_found" }
  /** Taking the points away would leave less than zero available. */
  | { ok: false; error: "insufficient_points"; available: number }
  /** The form's key was already used for a different adjustment. */
  | { ok: false; error: "idempotency_conflict" };

export function adjustmentLedgerKey(formKey: string): string {
  return `adjustment:${formKey}`;
}

export async function adjustMemberPoints(db: TallyDatabase, request: AdjustmentRequest): Promise<AdjustmentResult> {
  const { shop, memberId, staff, points, reason } = request;
  const idempotencyKey = adjustmentLedgerKey(request.formKey);
  const outcome = await db.ledger.recordTransfer({
    shop,
    memberId,
    code: "ADJUSTMENT",
    points,
    status: "posted",
    idempotencyKey,
    memo: reason,
    actor: staff.name,
    // The writer checks this inside the transaction that writes the debit, so two staff members taking points
    // away at once cannot both pass the check.
    requireAvailable: points < 0,
  });
  if (!outcome.ok) {
    switch (outcome.error) {
      case "member_not_found":
        return { ok: false, error: "member_not_found" };
      case "insufficient_points": {
        const balance = await db.prisma.balance.findUnique({ where: { memberId }, select: { available: true } });
        return { ok: false, error: "insufficient_points", available: balance?.available ?? 0 };
      }
      case "idempotency_conflict":
        return { ok: false, error: "idempotency_conflict" };
      default:
        // The form schema keeps requests well formed; anything else is a bug, not a merchant's mistake.
        throw new Error(`manual adjustment: ${outcome.error}: ${outcome.message}`);
    }
  }
  await recordAuditEvent(db.prisma, {
    id: `${shop}:${idempotencyKey}`,
    shop,
    staff,
    action: "member.adjusted",
    subjectId: memberId,
    details: { points, reason, transferId: outcome.transfer.id },
    at: outcome.transfer.createdAt,
  });
  return { ok: true, transferId: outcome.transfer.id, transfer: outcome.transfer, points, available: availablePoints(outcome.balances), replayed: outcome.replayed };
}
