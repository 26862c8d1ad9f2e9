// Saving a shop's program. A save changes the rules from now on: no transfer is written and no balance moves
// (docs/decisions/009-program-changes-apply-from-now-on.md). When the tier ladder changes, the tier each member is
// shown in follows at once, from the spend stored with the member; when the way spend is counted changes (window,
// test orders), that spend is recounted from the orders first.
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { recountTierSpend, retierMembers } from "~/loyalty/tiers/member-retiering.server";
import { editCatalogue, type CatalogueEdit } from "~/loyalty/redemption/reward-catalogue";
import { diffProgramRules, tierLadderChanged, tierSpendRulesChanged, type RuleChange } from "./program-diff";
import { parseProgramRules, type ProgramRules } from "./program-rules";
import { withPauseRecorded } from "./program-pause";
import { lockShopProgram, setProgramRules } from "./shop-store.server";

export type SaveOutcome =
  | { status: "saved"; changes: RuleChange[]; membersRetiered: number }
  | { status: "unchanged" }
  | { status: "no_shop" }
  /** A catalogue edit named a reward the program does not hold (another staff member's edit got there first). */
  | { status: "no_reward" };

interface SaveEntry {
  shop: string;
  staff: StaffMember;
  now: Date;
}

/** Saves `rules` for the shop, records who changed what in the audit log, and re-tiers members if needed. */
export async function saveProgramRules(db: TallyDatabase, entry: SaveEntry & { rules: ProgramRules }): Promise<SaveOutcome> {
  return saveChange(db, entry, () => entry.rules);
}

/**
 * The Program page's form: every rule but the reward catalogue, which is edited one reward at a time
 * (saveCatalogueEdit) and kept as saved.
 */
export async function saveProgramSettings(db: TallyDatabase, entry: SaveEntry & { rules: ProgramRules }): Promise<SaveOutcome> {
  return saveChange(db, entry, (before) => ({ ...entry.rules, rewards: before.rewards }));
}

/**
 * One edit of the reward catalogue (add or change a reward, switch it on or off, move it), made on the rules as
 * saved at that moment, so two staff members editing different rewards both keep their change.
 */
export async function saveCatalogueEdit(db: TallyDatabase, entry: SaveEntry & { edit: CatalogueEdit }): Promise<SaveOutcome> {
  return saveChange(db, entry, (before) => {
    const rewards = editCatalogue(before.rewards, entry.edit);
    return rewards ? { ...before, rewards } : null;
  });
}

async function saveChange(db: TallyDatabase, entry: SaveEntry, change: (before: ProgramRules) => ProgramRules | null): Promise<SaveOutcome> {
  const { shop, staff, now } = entry;
  return db.withLock(`program:${shop}`, () =>
    db.prisma.$transaction(async (tx) => {
      if (!(await lockShopProgram(tx, shop))) return { status: "no_shop" } as const;
      const row = await tx.shop.findUniqueOrThrow({ where: { domain: shop }, select: { programRules: true } });
      const before = parseProgramRules(row.programRules);
      const changed = change(before);
      if (!changed) return { status: "no_reward" } as const;
      const rules = withPauseRecorded(before, changed, now);
      const changes = diffProgramRules(before, rules);
      if (changes.length === 0) return { status: "unchanged" } as const;
      await setProgramRules(tx, shop, rules);
      const spendChanged = tierSpendRulesChanged(before, rules);
      if (spendChanged) await recountTierSpend(tx, shop, rules, now);
      const membersRetiered = spendChanged || tierLadderChanged(before.tiers, rules.tiers) ? await retierMembers(tx, shop, rules.tiers, now) : 0;
      await recordAuditEvent(tx, { shop, staff, action: "program.updated", subjectId: shop, details: { changes, membersRetiered }, at: now });
      return { status: "saved", changes, membersRetiered } as const;
    }),
  );
}
