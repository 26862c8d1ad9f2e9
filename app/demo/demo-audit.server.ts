// The demo shop's audit log: the staff actions behind its history (the manual adjustments already in its ledger,
// and one program change), so Activity → Staff actions has something to show. Idempotent: each event's id comes
// from what it records.
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { TallyDatabase } from "~/db/database.server";
import { DEMO_ACTOR } from "./demo-history";

const DAY = 24 * 60 * 60 * 1000;

export async function seedDemoAuditLog(db: TallyDatabase, shop: string, now: Date): Promise<void> {
  const staff = { id: "demo", name: DEMO_ACTOR };
  await recordAuditEvent(db, {
    id: `demo:${shop}:program-updated`,
    shop,
    staff,
    action: "program.updated",
    subjectId: shop,
    // The shape the program page records: one {path, from, to} per rule that changed, to today's defaults.
    details: { changes: [{ path: "signupBonus", from: 50, to: 100 }, { path: "referral.advocatePoints", from: 250, to: 500 }], membersRetiered: 0 },
    at: new Date(now.getTime() - 60 * DAY),
  });
  const adjustments = await db.read.transfer.findMany({ where: { shop, code: "ADJUSTMENT" }, select: { id: true, memberId: true, points: true, memo: true, createdAt: true } });
  for (const adjustment of adjustments) {
    await recordAuditEvent(db, {
      id: `demo:${adjustment.id}:adjusted`,
      shop,
      staff,
      action: "member.adjusted",
      subjectId: adjustment.memberId,
      details: { memberId: adjustment.memberId, transferId: adjustment.id, points: adjustment.points, reason: adjustment.memo },
      at: adjustment.createdAt,
    });
  }
}
