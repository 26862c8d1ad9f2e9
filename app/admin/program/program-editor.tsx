// The Program page's form state: a draft of every rule as typed, compared with the saved program to open the
// save bar; Save posts the draft to the route's action, Discard puts the saved values back.
import { useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Layout } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";
import { programStrings } from "~/admin/strings/program";
import { draftEntries, sameDraft, type FieldErrors, type MoneyFormat, type ProgramDraft, type RuleField, type TierDraft } from "./program-form";
import { ActionsSection } from "./actions-section";
import { newEventDraft } from "./actions-form";
import { ProgramSaveBar } from "./program-save-bar";
import { CampaignsSection, CustomerDataSection, EarningSection, ExpirySection, ParticipationSection, ReferralsSection, RewardsSection } from "./program-sections";
import { DraftProvider, fieldId, type DraftEditing } from "./rule-inputs";
import { TiersSection, type EntryRewardOption, type SavedTierCounts } from "./tiers-section";

export interface ProgramEditorProps {
  saved: ProgramDraft;
  money: MoneyFormat;
  savedCounts: SavedTierCounts;
  /** Errors of the last save, keyed by field. */
  submitted: { errors: FieldErrors } | null;
  embedded: boolean;
  /** The reward catalogue's card: its edits post on their own, outside this draft. */
  catalogue: ReactNode;
  /** The bonus campaigns' card: like the catalogue, each campaign posts on its own. */
  campaigns: ReactNode;
  /** The catalogue rewards a tier can give on entry. */
  entryRewards?: EntryRewardOption[];
  /** The customer metafields' namespace as Shopify spelt it out, once the definitions exist (docs/metafields.md). */
  metafieldsNamespace?: string | null;
}

function withoutError(errors: FieldErrors, ...names: string[]): FieldErrors {
  if (!names.some((name) => name in errors)) return errors;
  const rest = { ...errors };
  for (const name of names) delete rest[name];
  return rest;
}

export function ProgramEditor({ saved, money, savedCounts, submitted, embedded, catalogue, campaigns, entryRewards = [], metafieldsNamespace = null }: ProgramEditorProps) {
  const [draft, setDraft] = useState(saved);
  const [errors, setErrors] = useState<FieldErrors>(submitted?.errors ?? {});
  const submit = useSubmit();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const dirty = !sameDraft(draft, saved);

  useEffect(() => {
    if (!submitted) return;
    setErrors(submitted.errors);
    // Take the merchant (and a screen reader) to the first field that needs attention.
    const first = draftEntries(draft).find(([name]) => name in submitted.errors)?.[0];
    const field = first ? document.getElementById(fieldId(first)) : null;
    // Centred, so the save bar pinned to the top does not cover it.
    field?.scrollIntoView({ block: "center" });
    field?.focus({ preventScroll: true });
    // Only a new save result moves the focus, not typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [submitted]);

  const editing: DraftEditing = {
    draft,
    errors,
    money,
    setField(name: RuleField, value: string) {
      setDraft((current) => ({ ...current, fields: { ...current.fields, [name]: value } }));
      setErrors((current) => withoutError(current, name));
    },
    setTier(index: number, field: keyof TierDraft, value: string) {
      setDraft((current) => ({ ...current, tiers: current.tiers.map((tier, at) => (at === index ? { ...tier, [field]: value } : tier)) }));
      setErrors((current) => withoutError(current, `tiers.${index}.${field}`, "tiers"));
    },
    addTier() {
      setDraft((current) => ({
        ...current,
        tiers: [...current.tiers, { key: "", name: programStrings.tiers.newName, threshold: "", multiplierPercent: "1", entryPoints: "0" }],
      }));
    },
    removeTier(index: number) {
      setDraft((current) => ({ ...current, tiers: current.tiers.filter((_, at) => at !== index) }));
      // Errors of later tiers would now point at the wrong tier.
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([name]) => !name.startsWith("tiers"))));
    },
    setLink(network, value) {
      setDraft((current) => ({ ...current, actions: { ...current.actions, links: { ...current.actions.links, [network]: value } } }));
      setErrors((current) => withoutError(current, `social.${network}`));
    },
    setEvent(index, field, value) {
      setDraft((current) => ({ ...current, actions: { ...current.actions, events: current.actions.events.map((rule, at) => (at === index ? { ...rule, [field]: value } : rule)) } }));
      setErrors((current) => withoutError(current, `events.${index}.${field}`, "events"));
    },
    addEvent() {
      setDraft((current) => ({ ...current, actions: { ...current.actions, events: [...current.actions.events, newEventDraft()] } }));
    },
    removeEvent(index) {
      setDraft((current) => ({ ...current, actions: { ...current.actions, events: current.actions.events.filter((_, at) => at !== index) } }));
      // Errors of later rules would now point at the wrong rule.
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([name]) => !name.startsWith("events"))));
    },
  };

  const save = () => submit(Object.fromEntries(draftEntries(draft)), { method: "post" });
  const discard = () => {
    setDraft(saved);
    setErrors({});
  };
  const formError = errors.form ?? (Object.keys(errors).length > 0 ? programStrings.fixErrors : null);

  return (
    <DraftProvider value={editing}>
      <ProgramSaveBar embedded={embedded} dirty={dirty} saving={saving} onSave={save} onDiscard={discard} />
      <BlockStack gap="400">
        {formError ? (
          <Banner tone="critical">
            <p>{formError}</p>
          </Banner>
        ) : null}
        <Layout>
          <EarningSection embedded={embedded} />
          <CampaignsSection campaigns={campaigns} />
          <RewardsSection catalogue={catalogue} />
          <TiersSection saved={savedCounts} entryRewards={entryRewards} />
          <ReferralsSection />
          <ExpirySection />
          <ActionsSection />
          <ParticipationSection />
          <CustomerDataSection namespace={metafieldsNamespace} />
        </Layout>
      </BlockStack>
    </DraftProvider>
  );
}
