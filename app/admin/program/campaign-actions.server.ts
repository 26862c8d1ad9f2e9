// The Program page's campaign edits: one bonus campaign added or changed, or deleted, read from the posted form,
// checked (its collections listed with the Admin API), then saved by the program's command with its audit event.
// Bad input is a 400 with the message next to its field, and nothing is written.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { TallyDatabase } from "~/db/database.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { MAX_CAMPAIGNS, newCampaignId, type CampaignEdit } from "~/loyalty/campaigns/campaign-rules";
import { saveCampaignEdit } from "~/loyalty/program/save-program-rules.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { programStrings } from "~/admin/strings/program";
import { campaignFromDraft, readCampaignDraft, type CampaignDraft } from "./campaign-form";
import { namedCollectionsListed } from "./collection-listing.server";
import type { FieldErrors } from "./program-form";

const c = programStrings.campaigns;

export const CAMPAIGN_INTENTS = ["campaign.save", "campaign.delete"] as const;
export type CampaignIntent = (typeof CAMPAIGN_INTENTS)[number];

export type CampaignActionResult = { ok: true; changed: number } | { ok: false; status: 400 | 409; errors: FieldErrors; campaign: CampaignDraft | null };

interface CampaignContext {
  db: TallyDatabase;
  shop: string;
  staff: StaffMember;
  /** The staff member's Admin API client; null in the demo, where the shop's offline session answers. */
  admin: AdminApiContext | null;
  rules: ProgramRules;
  /** The shop's time zone: the window's zone when the form does not name one. */
  timeZone: string;
}

function refused(errors: FieldErrors, campaign: CampaignDraft | null = null): CampaignActionResult {
  return { ok: false, status: 400, errors, campaign };
}

export async function campaignAction(context: CampaignContext, intent: CampaignIntent, form: FormData): Promise<CampaignActionResult> {
  const { rules } = context;
  let edit: CampaignEdit;
  let draft: CampaignDraft | null = null;
  let listed: Awaited<ReturnType<typeof namedCollectionsListed>> = { ok: true, listings: [] };
  if (intent === "campaign.delete") {
    const id = form.get("campaign.id");
    if (typeof id !== "string" || !id) return refused({ form: c.errors.malformed });
    edit = { type: "delete", id };
  } else {
    draft = readCampaignDraft(form.entries(), context.timeZone);
    if (!draft) return refused({ form: c.errors.malformed });
    if (draft.id && !rules.campaigns.some((campaign) => campaign.id === draft?.id)) return refused({ form: c.errors.unknown }, draft);
    if (!draft.id && rules.campaigns.length >= MAX_CAMPAIGNS) return refused({ form: c.errors.tooMany(MAX_CAMPAIGNS) }, draft);
    const id = draft.id || newCampaignId(draft.name, rules.campaigns.map((campaign) => campaign.id));
    const parsed = campaignFromDraft(draft, id);
    if (!parsed.ok) return refused(parsed.errors, draft);
    edit = { type: "save", campaign: parsed.campaign };
    const campaigns = [...rules.campaigns.filter((campaign) => campaign.id !== id), parsed.campaign];
    listed = await namedCollectionsListed(context, rules, { ...rules, campaigns }, "campaign.collectionIds");
    if (!listed.ok) return { ok: false, status: listed.status, errors: listed.errors, campaign: draft };
  }
  const outcome = await saveCampaignEdit(context.db, { shop: context.shop, staff: context.staff, edit, now: new Date(), collections: listed.listings });
  if (outcome.status === "no_shop") return { ok: false, status: 409, errors: { form: programStrings.noShop }, campaign: draft };
  if (outcome.status === "no_reward") return refused({ form: c.errors.unknown }, draft);
  if (outcome.status === "invalid") return { ok: false, status: 409, errors: { form: outcome.problems.join("; ") }, campaign: draft };
  return { ok: true, changed: outcome.status === "saved" ? outcome.changes.length : 0 };
}
