// Staff take a member out of the program, or back in, from the member's page (docs/decisions/041-the-program-fits-the-shop.md).
// The member row says whether they are out (members.excluded_at, read by settlement in the order's own query); the
// audit log says who did it and why, in the same transaction. Nothing else moves: the member's points stay as they
// are, frozen while out (no earning, no redeeming) and spendable again once back in.
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { setMemberExcluded } from "~/loyalty/members/member-store.server";

export interface ExclusionRequest {
  shop: string;
  memberId: string;
  staff: StaffMember;
  /** Why, in staff's words: kept in the audit log (and erased with the member's other reasons on customers/redact). */
  reason: string;
  now: Date;
}

export type ExclusionOutcome = { ok: true; changed: boolean } | { ok: false; error: "member_not_found" };

/** `excluded` true takes the member out, false brings them back in; a repeat changes and records nothing. */
export function setMemberExclusion(db: TallyDatabase, request: ExclusionRequest & { excluded: boolean }): Promise<ExclusionOutcome> {
  const { shop, memberId, staff, reason, now, excluded } = request;
  return db.transaction(async (tx) => {
    const member = await tx.prisma.member.findFirst({ where: { id: memberId, shop }, select: { id: true } });
    if (!member) return { ok: false, error: "member_not_found" } as const;
    const changed = await setMemberExcluded(tx.prisma, shop, memberId, excluded ? now : null);
    if (changed) {
      await recordAuditEvent(tx, { shop, staff, action: excluded ? "member.excluded" : "member.included", subjectId: memberId, details: { memberId, reason }, at: now });
    }
    return { ok: true, changed } as const;
  });
}
