// The Program page's catalogue edits: one reward added or changed, switched on or off, or moved, read from the
// posted form, checked (a free product's variant against the Admin API), then saved by the program's command
// with its audit event. Bad input is a 400 with the message next to its field, and nothing is written.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { randomInt } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { saveCatalogueEdit } from "~/loyalty/program/save-program-rules.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { MAX_CATALOGUE_REWARDS, newCatalogueId, REWARD_SCHEMAS, type CatalogueEdit, type RewardForm } from "~/loyalty/redemption/reward-catalogue";
import { findRewardVariant } from "~/loyalty/redemption/reward-products.server";
import { log } from "~/operations/logger.server";
import { unauthenticated } from "~/shopify.server";
import { programStrings } from "~/admin/strings/program";
import type { FieldErrors, MoneyFormat } from "./program-form";
import { readRewardDraft, rewardFromDraft, type RewardDraft } from "./reward-form";

const c = programStrings.catalogue;

export const CATALOGUE_INTENTS = ["reward.save", "reward.switch", "reward.move"] as const;
export type CatalogueIntent = (typeof CATALOGUE_INTENTS)[number];

export type CatalogueActionResult =
  | { ok: true; changed: number }
  | { ok: false; status: 400 | 409; errors: FieldErrors; reward: RewardDraft | null };

interface CatalogueContext {
  db: TallyDatabase;
  shop: string;
  staff: StaffMember;
  /** The staff member's Admin API client; null in the demo, where the shop's offline session answers. */
  admin: AdminApiContext | null;
  currencyCode: string;
  money: MoneyFormat;
  rules: ProgramRules;
}

function refused(errors: FieldErrors, reward: RewardDraft | null = null): CatalogueActionResult {
  return { ok: false, status: 400, errors, reward };
}

async function rewardEdit(context: CatalogueContext, form: FormData): Promise<CatalogueEdit | CatalogueActionResult> {
  const { rules } = context;
  const draft = readRewardDraft(form.entries());
  if (!draft) return refused({ form: c.errors.malformed });
  if (draft.id && !rules.rewards.some((reward) => reward.id === draft.id)) return refused({ form: c.errors.unknown }, draft);
  if (!draft.id && rules.rewards.length >= MAX_CATALOGUE_REWARDS) return refused({ form: c.errors.tooMany(MAX_CATALOGUE_REWARDS) }, draft);
  const id = draft.id || newCatalogueId(REWARD_SCHEMAS[draft.form as RewardForm].shape.kind.value, rules.rewards.map((reward) => reward.id), randomInt);
  const parsed = rewardFromDraft(draft, context.money, id, "-", rules.tiers.map((tier) => tier.key));
  if (!parsed.ok) return refused(parsed.errors, draft);
  let reward = parsed.reward;
  if (reward.kind === "free_product") {
    const adminFor = async (shop: string) => context.admin ?? (await unauthenticated.admin(shop)).admin;
    try {
      const variant = await findRewardVariant(adminFor, context.shop, context.currencyCode, reward.variantId);
      if (!variant) return refused({ "reward.variantId": c.errors.variantGone }, draft);
      reward = { ...reward, productTitle: variant.title };
    } catch (error) {
      log().warn({ shop: context.shop, err: error }, "checking a free product's variant failed");
      return { ok: false, status: 409, errors: { "reward.variantId": c.errors.variantUnchecked }, reward: draft };
    }
  }
  return { type: "save", reward };
}

function simpleEdit(intent: CatalogueIntent, form: FormData): CatalogueEdit | null {
  const id = form.get("reward.id");
  if (typeof id !== "string" || !id) return null;
  if (intent === "reward.switch") {
    const enabled = form.get("reward.enabled");
    return enabled === "true" || enabled === "false" ? { type: "switch", id, enabled: enabled === "true" } : null;
  }
  const direction = form.get("direction");
  return direction === "up" || direction === "down" ? { type: "move", id, direction } : null;
}

export async function catalogueAction(context: CatalogueContext, intent: CatalogueIntent, form: FormData): Promise<CatalogueActionResult> {
  let edit: CatalogueEdit | null;
  if (intent === "reward.save") {
    const result = await rewardEdit(context, form);
    if ("ok" in result) return result;
    edit = result;
  } else {
    edit = simpleEdit(intent, form);
    if (!edit) return refused({ form: c.errors.malformed });
  }
  const outcome = await saveCatalogueEdit(context.db, { shop: context.shop, staff: context.staff, edit, now: new Date() });
  if (outcome.status === "no_shop") return { ok: false, status: 409, errors: { form: programStrings.noShop }, reward: null };
  if (outcome.status === "no_reward") return refused({ form: c.errors.unknown });
  // Another staff member's save got there first (a tier this reward names, removed in between).
  if (outcome.status === "invalid") return { ok: false, status: 409, errors: { form: outcome.problems.join("; ") }, reward: null };
  return { ok: true, changed: outcome.status === "saved" ? outcome.changes.length : 0 };
}
