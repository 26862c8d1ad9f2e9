// Reading and saving a shop's program from the admin. A save changes the rules from now on: no transfer is
// written and no balance moves (docs/decisions/009-program-changes-apply-from-now-on.md). When the tier ladder
// changes, the tier each member is shown in follows at once, from the spend stored with the member; when the
// way spend is counted changes (window, test orders), that spend is recounted from the orders first.
import { createHash } from "node:crypto";
import type { Prisma, TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { defaultProgramRules, parseProgramRules, type ProgramRules, type Tier } from "~/loyalty/program/program-rules";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { diffProgramRules, tierLadderChanged, tierSpendRulesChanged, type RuleChange } from "./program-diff";
import { draftEntries, type ProgramDraft } from "./program-form";

export interface ProgramSettings {
  /** False for a shop Tally has no row for: the page shows the defaults it would run, and cannot save. */
  installed: boolean;
  currencyCode: string;
  rules: ProgramRules;
}

export async function loadProgramSettings(prisma: Prisma, shop: string): Promise<ProgramSettings> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, programRules: true } });
  if (!row) return { installed: false, currencyCode: "USD", rules: defaultProgramRules() };
  return { installed: true, currencyCode: row.currencyCode, rules: parseProgramRules(row.programRules) };
}

/** A short fingerprint of a saved program as the form shows it. */
export function draftVersion(draft: ProgramDraft): string {
  return createHash("sha256").update(JSON.stringify(draftEntries(draft))).digest("hex").slice(0, 16);
}

export type SaveOutcome =
  | { status: "saved"; changes: RuleChange[]; membersRetiered: number }
  | { status: "unchanged" }
  | { status: "no_shop" };

type Transaction = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Moves every member whose stored tier is not the one their stored spend reaches under `tiers`: one UPDATE per
 * tier, whatever the number of members. Members of a removed tier land where their spend puts them.
 */
async function retierMembers(tx: Transaction, shop: string, tiers: readonly Tier[], now: Date): Promise<number> {
  const ladder = [...tiers].sort((a, b) => a.thresholdMinor - b.thresholdMinor);
  let moved = 0;
  for (const [index, tier] of ladder.entries()) {
    const next = ladder[index + 1];
    const spend = { ...(index === 0 ? {} : { gte: tier.thresholdMinor }), ...(next ? { lt: next.thresholdMinor } : {}) };
    const { count } = await tx.member.updateMany({
      where: { shop, ...(Object.keys(spend).length > 0 ? { tierSpend: spend } : {}), tier: { not: tier.key } },
      data: { tier: tier.key, updatedAt: now },
    });
    moved += count;
  }
  return moved;
}

const DAY_MS = 86_400_000;

/**
 * Recounts every member's qualifying spend under `rules` (window, test orders) in one UPDATE, the same sum
 * refreshMemberTier makes for one member: eligible spend net of refunds of paid, uncancelled orders in
 * [now − window, now]. Served by the orders (shop, member_id, paid_at) index.
 */
async function recountTierSpend(tx: Transaction, shop: string, rules: ProgramRules, now: Date): Promise<void> {
  const since = new Date(now.getTime() - rules.tierWindowDays * DAY_MS);
  const until = new Date(now.getTime() + 1);
  const spend = Sql.sql`COALESCE((
    SELECT SUM(CASE WHEN o.eligible_minor > o.refunded_minor THEN o.eligible_minor - o.refunded_minor ELSE 0 END)
    FROM orders o
    WHERE o.shop = ${shop} AND o.member_id = members.id AND o.cancelled_at IS NULL
      AND o.paid_at >= ${since} AND o.paid_at < ${until}
      ${rules.earn.includeTestOrders ? Sql.empty : Sql.sql`AND NOT o.test`}
  ), 0)`;
  await tx.$executeRaw`UPDATE members SET tier_spend = ${spend}, updated_at = ${now} WHERE shop = ${shop} AND tier_spend <> ${spend}`;
}

/** Saves `rules` for the shop, records who changed what in the audit log, and re-tiers members if needed. */
export async function saveProgramRules(db: TallyDatabase, entry: { shop: string; staff: StaffMember; rules: ProgramRules; now: Date }): Promise<SaveOutcome> {
  const { shop, staff, rules, now } = entry;
  return db.withLock(`program:${shop}`, () =>
    db.prisma.$transaction(async (tx) => {
      // Writing first takes the write lock up front: on SQLite a transaction that reads and then writes fails
      // when another connection wrote in between; on PostgreSQL it holds the row against a concurrent save.
      const locked = await tx.$executeRaw`UPDATE shops SET program_rules = program_rules WHERE domain = ${shop}`;
      if (locked === 0) return { status: "no_shop" } as const;
      const row = await tx.shop.findUniqueOrThrow({ where: { domain: shop }, select: { programRules: true } });
      const before = parseProgramRules(row.programRules);
      const changes = diffProgramRules(before, rules);
      if (changes.length === 0) return { status: "unchanged" } as const;
      await tx.shop.update({ where: { domain: shop }, data: { programRules: JSON.stringify(rules) } });
      const spendChanged = tierSpendRulesChanged(before, rules);
      if (spendChanged) await recountTierSpend(tx, shop, rules, now);
      const membersRetiered = spendChanged || tierLadderChanged(before.tiers, rules.tiers) ? await retierMembers(tx, shop, rules.tiers, now) : 0;
      await recordAuditEvent(tx, { shop, staff, action: "program.updated", subjectId: shop, details: { changes, membersRetiered }, at: now });
      return { status: "saved", changes, membersRetiered } as const;
    }),
  );
}
