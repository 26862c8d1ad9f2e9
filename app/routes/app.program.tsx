// The Program page: every rule of the shop's loyalty program, edited in one form with a contextual save bar, and
// the reward catalogue, edited a reward at a time (intent reward.save, reward.switch, reward.move), and the bonus
// campaigns, a campaign at a time (intent campaign.save, campaign.delete). A save is
// validated by the program's zod schema; any invalid field refuses the whole save (422, the errors next to their
// fields; 400 for a reward) and changes take effect from now on, audited with who changed what.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ProgramEditor } from "~/admin/program/program-editor";
import { SavedToast } from "~/admin/program/saved-toast";
import { catalogueRows } from "~/admin/program/catalogue-rows";
import { draftFromRules, moneyFormat, readDraft, rulesFromDraft, type FieldErrors } from "~/admin/program/program-form";
import { draftVersion, loadProgramSettings } from "~/admin/program/program-settings.server";
import { CATALOGUE_INTENTS, catalogueAction } from "~/admin/program/reward-actions.server";
import { CAMPAIGN_INTENTS, campaignAction } from "~/admin/program/campaign-actions.server";
import { namedCollectionsListed } from "~/admin/program/collection-listing.server";
import { CampaignsCard, campaignRows } from "~/admin/program/campaigns-card";
import type { CampaignDraft } from "~/admin/program/campaign-form";
import { RewardCatalogueCard } from "~/admin/program/reward-catalogue-card";
import type { RewardDraft } from "~/admin/program/reward-form";
import { saveProgramSettings } from "~/loyalty/program/save-program-rules.server";
import { previewTierCounts } from "~/admin/program/tier-preview.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { programStrings } from "~/admin/strings/program";
import { db } from "~/db/db.server";
import type { loader as adminLayoutLoader } from "./app";

export const meta: MetaFunction = () => [{ title: `${programStrings.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const settings = await loadProgramSettings(db().read, shop);
  const money = moneyFormat(settings.currencyCode);
  const draft = draftFromRules(settings.rules, money);
  const thresholds = [...settings.rules.tiers].sort((a, b) => a.threshold - b.threshold).map((tier) => tier.threshold);
  const preview = await previewTierCounts(db().read, shop, thresholds);
  const rewards = catalogueRows(settings.rules.rewards, money, settings.rules.redemption, settings.rules.tiers);
  const metafields = await db().read.customerMetafieldShop.findUnique({ where: { shop }, select: { namespace: true } });
  return {
    metafieldsNamespace: metafields?.namespace ?? null,
    installed: settings.installed,
    money,
    draft,
    rewards,
    // The tiers a reward can be kept for, in the ladder's order.
    rewardTiers: [...settings.rules.tiers].sort((a, b) => a.threshold - b.threshold).map((tier) => ({ key: tier.key, name: tier.name })),
    // What a tier can give on entry: the rewards with a value of their own, on or off for sale.
    entryRewards: settings.rules.rewards.filter((reward) => !(reward.kind === "amount_off" && reward.pricing === "per_points")).map((reward) => ({ id: reward.id, name: reward.name })),
    // Changes with every catalogue edit: the reward form closes once its reward is saved.
    catalogueVersion: JSON.stringify(settings.rules.rewards),
    campaigns: campaignRows(settings.rules.campaigns, new Date()),
    shopTimeZone: settings.timeZone,
    campaignsVersion: JSON.stringify(settings.rules.campaigns),
    // Changes when the saved program does: the form starts over from the newly saved values.
    version: draftVersion(draft),
    savedCounts: {
      measure: settings.rules.tierMeasure,
      thresholds: thresholds.join(","),
      counts: preview.counts,
      byKey: Object.fromEntries(draft.tiers.map((tier, index) => [tier.key, preview.counts[index] ?? 0])),
    },
  };
}

type ActionResult = { ok: true; changed: number } | { ok: false; errors: FieldErrors; reward?: RewardDraft | null; campaign?: CampaignDraft | null };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff, admin } = await requireStaff(request);
  const settings = await loadProgramSettings(db().read, shop);
  const money = moneyFormat(settings.currencyCode);
  const form = await request.formData().catch(() => null);
  const intent = CATALOGUE_INTENTS.find((known) => known === form?.get("intent"));
  if (form && intent) {
    const result = await catalogueAction({ db: db(), shop, staff, admin, currencyCode: settings.currencyCode, money, rules: settings.rules }, intent, form);
    if (result.ok) return data<ActionResult>(result);
    return data<ActionResult>({ ok: false, errors: result.errors, reward: result.reward }, { status: result.status });
  }
  const campaignIntent = CAMPAIGN_INTENTS.find((known) => known === form?.get("intent"));
  if (form && campaignIntent) {
    const result = await campaignAction({ db: db(), shop, staff, admin, rules: settings.rules, timeZone: settings.timeZone }, campaignIntent, form);
    if (result.ok) return data<ActionResult>(result);
    return data<ActionResult>({ ok: false, errors: result.errors, campaign: result.campaign }, { status: result.status });
  }
  const draft = form ? readDraft(form.entries(), draftFromRules(settings.rules, money)) : null;
  if (!draft) return data<ActionResult>({ ok: false, errors: { form: programStrings.malformed } }, { status: 400 });
  const parsed = rulesFromDraft(draft, money, settings.rules.rewards);
  if (!parsed.ok) return data<ActionResult>({ ok: false, errors: parsed.errors }, { status: 422 });
  const listed = await namedCollectionsListed({ shop, admin }, settings.rules, { ...parsed.rules, campaigns: settings.rules.campaigns }, "earn.excludedCollectionIds");
  if (!listed.ok) return data<ActionResult>({ ok: false, errors: listed.errors }, { status: listed.status === 400 ? 422 : 409 });
  const outcome = await saveProgramSettings(db(), { shop, staff, rules: parsed.rules, now: new Date(), collections: listed.listings });
  if (outcome.status === "no_shop") return data<ActionResult>({ ok: false, errors: { form: programStrings.noShop } }, { status: 409 });
  if (outcome.status === "invalid") return data<ActionResult>({ ok: false, errors: { form: programStrings.errors.rewardNeedsTier(outcome.problems.join("; ")) } }, { status: 409 });
  return data<ActionResult>({ ok: true, changed: outcome.status === "saved" ? outcome.changes.length : 0 });
}

export default function Program() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const layout = useRouteLoaderData<typeof adminLayoutLoader>("routes/app");
  const embedded = layout ? !layout.demo : false;
  return (
    <Page title={programStrings.title}>
      <SavedToast embedded={embedded} result={result?.ok ? result : null} />
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {programStrings.intro}
        </Text>
        {loaded.installed ? null : (
          <Banner tone="warning">
            <p>{programStrings.noShop}</p>
          </Banner>
        )}
        <ProgramEditor
          key={loaded.version}
          saved={loaded.draft}
          money={loaded.money}
          savedCounts={loaded.savedCounts}
          submitted={result && !result.ok && result.reward === undefined && result.campaign === undefined ? result : null}
          embedded={embedded}
          catalogue={
            <RewardCatalogueCard
              key={loaded.catalogueVersion}
              rows={loaded.rewards}
              tiers={loaded.rewardTiers}
              money={loaded.money}
              submitted={result && !result.ok && result.reward !== undefined ? { draft: result.reward, errors: result.errors } : null}
              embedded={embedded}
            />
          }
          campaigns={
            <CampaignsCard
              key={loaded.campaignsVersion}
              rows={loaded.campaigns}
              shopTimeZone={loaded.shopTimeZone}
              submitted={result && !result.ok && result.campaign !== undefined ? { draft: result.campaign, errors: result.errors } : null}
              embedded={embedded}
            />
          }
          entryRewards={loaded.entryRewards}
          metafieldsNamespace={loaded.metafieldsNamespace}
        />
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
