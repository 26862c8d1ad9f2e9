// The sender: members marked by mark-members.server.ts and due (a minute after their last write, past any
// backoff) are claimed, their values read as they are now, and written to Shopify in metafieldsSet calls of at
// most 25 metafields; when the merchant switched tier tags on, each member's tier tag follows. A failed write
// keeps the member marked and is tried again with backoff; a member whose customer was redacted is dropped
// unwritten (docs/decisions/036-customer-metafields.md). It runs from the job runner, never inside the feed's unit.
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { programRulesOf } from "~/loyalty/program/shop-store.server";
import { TAGS_ADD, TAGS_REMOVE, tagsAddData, tagsRemoveData } from "~/shopify-admin/customer-tags-mutations";
import { METAFIELDS_SET, metafieldsSetData } from "~/shopify-admin/metafields-set-mutation";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import {
  afterWrites,
  customerGid,
  METAFIELD_NAMESPACE,
  metafieldWrites,
  nextAttemptAt,
  packCalls,
  tierTagChange,
  type MemberValues,
  type MetafieldWrite,
  type WrittenValues,
} from "./customer-metafields";
import type { AdminFor } from "./metafield-definitions.server";
import { claimDueSyncs, eraseMemberSync, recordFailed, recordWritten, releaseClaim, shopsWithDueSyncs, type ClaimedSync } from "./metafield-store.server";

/** Members claimed per shop per run (at most 9 calls of 24 metafields), so that a shop's first sync leaves others room. */
const CLAIM = 200;

export interface MetafieldSyncRun {
  /** Members whose metafields or tag Shopify was given this run. */
  written: number;
  /** Members whose write failed (tried again after a backoff). */
  failed: number;
}

interface Plan {
  claim: ClaimedSync;
  customerId: string;
  current: MemberValues;
  written: WrittenValues;
  writes: MetafieldWrite[];
  tags: { add: string; remove: string[] } | null;
  /** Set when this member's metafields failed or were not tried. */
  outcome: { failed: string } | { released: true } | null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the due members of `shops`, the shops Tally can reach (installed, with an offline session). */
export async function syncCustomerMetafields(db: TallyDatabase, now: Date, shops: readonly string[], adminFor: AdminFor, report: ReportJobFailure): Promise<MetafieldSyncRun> {
  const run: MetafieldSyncRun = { written: 0, failed: 0 };
  for (const shop of await shopsWithDueSyncs(db.read, shops, now)) {
    const claims = await claimDueSyncs(db.prisma, shop, now, CLAIM);
    if (claims.length === 0) continue;
    try {
      const outcome = await syncShop(db, shop, claims, now, adminFor, report);
      run.written += outcome.written;
      run.failed += outcome.failed;
    } catch (error) {
      // No Admin API access, or the database: every member of the shop waits for the next attempt.
      for (const claim of claims) await recordFailed(db.prisma, claim.memberId, message(error), nextAttemptAt(claim.attempts + 1, now));
      run.failed += claims.length;
      report({ job: "customer metafields", shop }, error);
    }
  }
  return run;
}

async function plansFor(db: TallyDatabase, shop: string, claims: readonly ClaimedSync[]): Promise<Plan[]> {
  const rules = await programRulesOf(db.read, shop);
  const tierName = new Map(rules.tiers.map((tier) => [tier.key, tier.name]));
  const tierKeys = rules.tiers.map((tier) => tier.key);
  const tagsOn = rules.customerData.tierTags === true;
  const members = new Map(
    (
      await db.read.member.findMany({
        where: { id: { in: claims.map((claim) => claim.memberId) } },
        select: { id: true, customerId: true, tier: true, referralCode: true, redactedAt: true, balance: { select: { available: true } } },
      })
    ).map((member) => [member.id, member]),
  );
  const plans: Plan[] = [];
  for (const claim of claims) {
    const member = members.get(claim.memberId);
    if (!member || member.redactedAt !== null) {
      await eraseMemberSync(db.prisma, claim.memberId);
      continue;
    }
    const current: MemberValues = { points: member.balance?.available ?? 0, tier: tierName.get(member.tier) ?? member.tier, referralCode: member.referralCode };
    const written: WrittenValues = { points: claim.points, tier: claim.tier, referralCode: claim.referralCode };
    plans.push({
      claim,
      customerId: member.customerId,
      current,
      written,
      writes: metafieldWrites(current, written),
      tags: tagsOn ? tierTagChange(member.tier, tierKeys, claim.tierTag) : null,
      outcome: null,
    });
  }
  return plans;
}

/** The call's inputs that Shopify refused, by their index in the call (elementIndex, else the field path). */
function refusedInputs(errors: readonly { field: string[] | null; elementIndex: number | null }[]): Set<number> | null {
  const indexes = new Set<number>();
  for (const error of errors) {
    const fromPath = error.field?.[0] === "metafields" && error.field[1] !== undefined ? Number(error.field[1]) : Number.NaN;
    const index = error.elementIndex ?? fromPath;
    if (!Number.isInteger(index)) return null;
    indexes.add(index);
  }
  return indexes;
}

async function setMetafields(admin: AdminGraphql, call: Plan[]): Promise<void> {
  const owners: Plan[] = [];
  const inputs = call.flatMap((plan) =>
    plan.writes.map((write) => {
      owners.push(plan);
      return { ownerId: customerGid(plan.customerId), namespace: METAFIELD_NAMESPACE, key: write.key, type: write.type, value: write.value };
    }),
  );
  try {
    const { metafieldsSet: result } = await runAdminQuery(admin, METAFIELDS_SET, { metafields: inputs }, metafieldsSetData);
    const errors = result?.userErrors ?? [];
    if (result && errors.length === 0) return;
    // The call is all or nothing: the members Shopify refused fail, the others go again at once.
    const refused = result ? refusedInputs(errors) : null;
    const text = result ? errors.map((error) => `${error.message} (${error.code ?? "no code"})`).join("; ") : "Shopify answered metafieldsSet with nothing";
    for (const plan of call) plan.outcome = { released: true };
    if (refused === null) for (const plan of call) plan.outcome = { failed: text };
    else for (const index of refused) if (owners[index]) (owners[index] as Plan).outcome = { failed: text };
  } catch (error) {
    for (const plan of call) plan.outcome = { failed: message(error) };
  }
}

async function setTierTag(admin: AdminGraphql, plan: Plan, tags: { add: string; remove: string[] }): Promise<void> {
  const id = customerGid(plan.customerId);
  if (tags.remove.length > 0) {
    const { tagsRemove } = await runAdminQuery(admin, TAGS_REMOVE, { id, tags: tags.remove }, tagsRemoveData);
    if (!tagsRemove || tagsRemove.userErrors.length > 0) throw new Error(`Shopify did not remove the tier tags: ${tagsRemove?.userErrors.map((e) => e.message).join("; ") ?? "no answer"}`);
  }
  const { tagsAdd } = await runAdminQuery(admin, TAGS_ADD, { id, tags: [tags.add] }, tagsAddData);
  if (!tagsAdd || tagsAdd.userErrors.length > 0) throw new Error(`Shopify did not add the tier tag: ${tagsAdd?.userErrors.map((e) => e.message).join("; ") ?? "no answer"}`);
}

async function syncShop(db: TallyDatabase, shop: string, claims: readonly ClaimedSync[], now: Date, adminFor: AdminFor, report: ReportJobFailure): Promise<MetafieldSyncRun> {
  const plans = await plansFor(db, shop, claims);
  const needsShopify = plans.some((plan) => plan.writes.length > 0 || plan.tags !== null);
  const admin = needsShopify ? await adminFor(shop) : null;
  if (admin) for (const call of packCalls(plans)) await setMetafields(admin, call);
  const run: MetafieldSyncRun = { written: 0, failed: 0 };
  for (const plan of plans) {
    const { claim, outcome } = plan;
    if (outcome && "released" in outcome) {
      await releaseClaim(db.prisma, claim.memberId);
      continue;
    }
    if (outcome && "failed" in outcome) {
      await recordFailed(db.prisma, claim.memberId, outcome.failed, nextAttemptAt(claim.attempts + 1, now));
      report({ job: "customer metafields", shop, item: `member ${claim.memberId}` }, new Error(outcome.failed));
      run.failed += 1;
      continue;
    }
    const values = afterWrites(plan.written, plan.current, plan.writes);
    const wrote = plan.writes.length > 0 || plan.tags !== null;
    let tagError: unknown = null;
    if (admin && plan.tags) {
      try {
        await setTierTag(admin, plan, plan.tags);
      } catch (error) {
        tagError = error;
      }
    }
    const tierTag = plan.tags && tagError === null ? plan.tags.add : claim.tierTag;
    await recordWritten(db.prisma, claim, { ...values, tierTag }, wrote ? now : null, tagError === null);
    if (tagError !== null) {
      await recordFailed(db.prisma, claim.memberId, message(tagError), nextAttemptAt(claim.attempts + 1, now));
      report({ job: "customer tier tags", shop, item: `member ${claim.memberId}` }, tagError);
      run.failed += 1;
    } else if (wrote) {
      run.written += 1;
    }
  }
  return run;
}
