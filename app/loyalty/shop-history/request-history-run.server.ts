// Reading the shop's history: queued on install, and again when a staff member asks on the Import & export page
// (customers added in Shopify while Tally was away, or a run that failed). The job runner does the reading.
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { queueHistoryRun } from "./history-run-store.server";

export function queueHistoryOnInstall(db: TallyDatabase, shop: string, now: Date): Promise<{ id: string; queued: boolean }> {
  return queueHistoryRun(db, shop, "install", "install", now);
}

/** Queues a run unless one is under way; either way returns the run to show. */
export async function requestHistoryRun(db: TallyDatabase, shop: string, staff: StaffMember, now: Date): Promise<{ id: string; queued: boolean }> {
  return db.transaction(async (tx) => {
    const run = await queueHistoryRun(tx, shop, "staff", staff.name, now);
    if (run.queued) await recordAuditEvent(tx, { shop, staff, action: "history.queued", subjectId: run.id, details: {}, at: now });
    return run;
  });
}
