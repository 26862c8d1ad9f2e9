// Saving a shop's program. A save changes the rules from now on: no transfer is written and no balance moves
// (docs/decisions/009-program-changes-apply-from-now-on.md). When the tier ladder changes, the tier each member is
// shown in follows at once, from the spend stored with the member; when the way spend is counted changes (window,
// test orders), that spend is recounted from the orders first.
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { recountTierSpend, retierMembers } from "~/loyalty/tiers/member-retiering.server";
import { editCatalogue, type CatalogueEdit } from "~/loyalty/redemption/reward-catalogue";
import { editCampaigns, type CampaignEdit } from "~/loyalty/campaigns/campaign-rules";
import { forgetCollectionsExcept, storeCollectionListings, type CollectionListing } from "~/loyalty/collections/collection-store.server";
import { namedCollections } from "~/loyalty/collections/named-collections";
import { diffProgramRules, tierLadderChanged, tierSpendRulesChanged, type RuleChange } from "./program-diff";
import { parseProgramRules, programRulesSchema, type ProgramRules } from "./program-rules";
import { withPauseRecorded } from "./program-pause";
import { lockShopProgram, setProgramRules } from "./shop-store.server";

export type SaveOutcome =
  | { status: "saved"; changes: RuleChange[]; membersRetiered: number }
  | { status: "unchanged" }
  | { status: "no_shop" }
  /** A catalogue or campaign edit named one the program does not hold (another staff member's edit got there first). */
  | { status: "no_reward" }
  /**
   * The rules as they would be saved break a rule across the program, e.g. a tier-only reward's tier removed by
   * a save of the tiers: nothing is saved. `problems` are the schema's messages.
   */
  | { status: "invalid"; problems: string[] };

interface SaveEntry {
  shop: string;
  staff: StaffMember;
  now: Date;
  /**
   * The products of collections the new rules name, as the Admin API listed them just before the save
   * (app/loyalty/collections/refresh-collections.server.ts): stored with the rules, in their transaction.
   */
  collections?: readonly CollectionListing[];
}

/** Saves `rules` for the shop, records who changed what in the audit log, and re-tiers members if needed. */
export async function saveProgramRules(db: TallyDatabase, entry: SaveEntry & { rules: ProgramRules }): Promise<SaveOutcome> {
  return saveChange(db, entry, () => entry.rules);
}

/**
 * The Program page's form: every rule but the reward catalogue and the bonus campaigns, which are edited one at a
 * time (saveCatalogueEdit, saveCampaignEdit) and kept as saved.
 */
export async function saveProgramSettings(db: TallyDatabase, entry: SaveEntry & { rules: ProgramRules }): Promise<SaveOutcome> {
  return saveChange(db, entry, (before) => ({ ...entry.rules, rewards: before.rewards, campaigns: before.campaigns }));
}

/** One bonus campaign added, changed or deleted, on the rules as saved at that moment. */
export async function saveCampaignEdit(db: TallyDatabase, entry: SaveEntry & { edit: CampaignEdit }): Promise<SaveOutcome> {
  return saveChange(db, entry, (before) => {
    const campaigns = editCampaigns(before.campaigns, entry.edit);
    return campaigns ? { ...before, campaigns } : null;
  });
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
      // The form and the catalogue each check their part; this checks the whole, as it would be stored, so that
      // two edits that are each valid cannot together store rules no one could read back.
      const whole = programRulesSchema.safeParse(changed);
      if (!whole.success) return { status: "invalid", problems: whole.error.issues.map((issue) => issue.message) } as const;
      const rules = withPauseRecorded(before, whole.data, now);
      const changes = diffProgramRules(before, rules);
      if (changes.length === 0) return { status: "unchanged" } as const;
      await setProgramRules(tx, shop, rules);
      // Collection products go with the rules that name them; those no longer named are forgotten.
      const named = namedCollections(rules);
      await storeCollectionListings(tx, shop, (entry.collections ?? []).filter((listing) => named.includes(listing.collectionId)), now);
      await forgetCollectionsExcept(tx, shop, named);
      const spendChanged = tierSpendRulesChanged(before, rules);
      if (spendChanged) await recountTierSpend(tx, shop, rules, now);
      const membersRetiered = spendChanged || tierLadderChanged(before.tiers, rules.tiers) ? await retierMembers(tx, shop, rules, now) : 0;
      await recordAuditEvent(tx, { shop, staff, action: "program.updated", subjectId: shop, details: { changes, membersRetiered }, at: now });
      return { status: "saved", changes, membersRetiered } as const;
    }),
  );
}
