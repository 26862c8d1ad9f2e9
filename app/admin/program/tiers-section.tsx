// The tier editor: add, rename, re-threshold, re-weight and remove tiers, with a live count of the members each
// tier would hold under the thresholds being typed (from /app/program/tier-preview).
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { formatCount } from "~/admin/format";
import { programStrings } from "~/admin/strings/program";
import { MAX_TIERS, TIER_MEASURES, type TierMeasure } from "~/loyalty/program/program-rules";
import { draftMeasure, draftThresholds } from "./program-form";
import { fieldId, RuleTextField, useDraft } from "./rule-inputs";

const { sections } = programStrings;
const strings = programStrings.tiers;

export interface TierPreviewData {
  thresholds: number[];
  counts: number[];
  total: number;
}

export interface SavedTierCounts {
  /** What the saved tiers follow: the counts are of members' totals in it. */
  measure: TierMeasure;
  /** Members per saved tier key under the saved thresholds. */
  byKey: Record<string, number>;
  /** The thresholds those counts are for, joined as the preview endpoint takes them. */
  thresholds: string;
  counts: number[];
}

function membersText(count: number): string {
  return count === 1 ? strings.previewOne : strings.preview(formatCount(count));
}

/** Counts for the thresholds being typed: the saved ones come with the page, others are fetched after a pause. */
function useTierPreview(thresholds: string | null, saved: SavedTierCounts): { counts: number[] | null; pending: boolean } {
  const fetcher = useFetcher<TierPreviewData>();
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  useEffect(() => {
    if (thresholds === null || thresholds === saved.thresholds) return;
    const timer = setTimeout(() => load.current(`/app/program/tier-preview?thresholds=${thresholds}`), 250);
    return () => clearTimeout(timer);
  }, [thresholds, saved.thresholds]);
  if (thresholds === null) return { counts: null, pending: false };
  if (thresholds === saved.thresholds) return { counts: saved.counts, pending: false };
  if (fetcher.data && fetcher.data.thresholds.join(",") === thresholds) return { counts: fetcher.data.counts, pending: false };
  return { counts: null, pending: true };
}

/** A catalogue reward a tier can give on entry: one with a value of its own (docs/decisions/050-tier-entry-rewards-and-grace.md). */
export interface EntryRewardOption {
  id: string;
  name: string;
}

export function TiersSection({ saved, entryRewards }: { saved: SavedTierCounts; entryRewards: EntryRewardOption[] }) {
  const { draft, errors, money, setField, setTier, addTier, removeTier } = useDraft();
  const measure = draftMeasure(draft);
  // Members' totals are stored in the saved measure: counts under another one are known only once it is saved.
  const thresholds = measure === saved.measure ? draftThresholds(draft, money) : null;
  const preview = useTierPreview(thresholds ? thresholds.join(",") : null, saved);
  const removedSavedTier = Object.keys(saved.byKey).some((key) => !draft.tiers.some((tier) => tier.key === key));

  return (
    <Layout.AnnotatedSection id="tiers" title={sections.tiers.title} description={sections.tiers.description}>
      <BlockStack gap="400">
        {errors.tiers ? (
          <Banner tone="critical">
            <p>{errors.tiers}</p>
          </Banner>
        ) : null}
        {removedSavedTier ? (
          <Banner tone="info">
            <p>{strings.removedNote}</p>
          </Banner>
        ) : null}
        {draft.tiers.map((tier, index) => {
          const before = tier.key ? saved.byKey[tier.key] : undefined;
          const count = preview.counts?.[index];
          const base = `tiers.${index}`;
          return (
            <Card key={index}>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h3" variant="headingSm">
                    {tier.name.trim() || strings.tierHeading(index + 1)}
                  </Text>
                  <InlineStack gap="300" blockAlign="center">
                    <Text as="span" tone="subdued">
                      {count === undefined
                        ? preview.pending
                          ? strings.previewPending
                          : ""
                        : before !== undefined && before !== count
                          ? `${membersText(count)} (${strings.previewNow(formatCount(before))})`
                          : membersText(count)}
                    </Text>
                    <Button
                      variant="plain"
                      tone="critical"
                      onClick={() => removeTier(index)}
                      disabled={draft.tiers.length === 1}
                      accessibilityLabel={strings.remove(tier.name)}
                    >
                      {strings.removeLabel}
                    </Button>
                  </InlineStack>
                </InlineStack>
                {/* The key ties the row to a saved tier, so a rename keeps its members. */}
                <input type="hidden" id={fieldId(`${base}.key`)} name={`${base}.key`} value={tier.key} />
                <FormLayout>
                  <FormLayout.Group>
                    <TextField
                      id={fieldId(`${base}.name`)}
                      label={strings.name}
                      value={tier.name}
                      onChange={(value) => setTier(index, "name", value)}
                      error={errors[`${base}.name`] ?? errors[`${base}.key`]}
                      autoComplete="off"
                      maxLength={40}
                    />
                    <TextField
                      id={fieldId(`${base}.threshold`)}
                      label={strings.threshold[measure]}
                      helpText={tier.threshold.trim() === "0" ? strings.entryHelp : undefined}
                      value={tier.threshold}
                      onChange={(value) => setTier(index, "threshold", value)}
                      error={errors[`${base}.threshold`]}
                      autoComplete="off"
                      inputMode={measure === "spend" ? "decimal" : "numeric"}
                      prefix={measure === "spend" ? money.symbol : undefined}
                    />
                    <TextField
                      id={fieldId(`${base}.multiplierPercent`)}
                      label={strings.multiplier}
                      helpText={strings.multiplierHelp}
                      value={tier.multiplierPercent}
                      onChange={(value) => setTier(index, "multiplierPercent", value)}
                      error={errors[`${base}.multiplierPercent`]}
                      autoComplete="off"
                      inputMode="decimal"
                      prefix="×"
                    />
                    <TextField
                      id={fieldId(`${base}.entryPoints`)}
                      label={strings.entryPoints}
                      helpText={strings.entryPointsHelp}
                      value={tier.entryPoints ?? "0"}
                      onChange={(value) => setTier(index, "entryPoints", value)}
                      error={errors[`${base}.entryPoints`]}
                      autoComplete="off"
                      inputMode="numeric"
                    />
                    <Select
                      id={fieldId(`${base}.entryRewardId`)}
                      label={strings.entryReward}
                      helpText={strings.entryRewardHelp}
                      options={[
                        { value: "", label: strings.entryRewardNone },
                        // A reward named by a saved tier stays listed even if it no longer qualifies, so the error says why.
                        ...entryRewards.map((reward) => ({ value: reward.id, label: reward.name })),
                        ...(tier.entryRewardId && !entryRewards.some((reward) => reward.id === tier.entryRewardId) ? [{ value: tier.entryRewardId, label: tier.entryRewardId }] : []),
                      ]}
                      value={tier.entryRewardId ?? ""}
                      onChange={(value) => setTier(index, "entryRewardId", value)}
                      error={errors[`${base}.entryRewardId`]}
                    />
                  </FormLayout.Group>
                </FormLayout>
              </BlockStack>
            </Card>
          );
        })}
        <InlineStack align="space-between" blockAlign="center">
          <Button onClick={addTier} disabled={draft.tiers.length >= MAX_TIERS}>
            {strings.add}
          </Button>
          <Text as="p" tone="subdued">
            {thresholds ? strings.previewNote : measure === saved.measure ? strings.previewUnavailable : strings.previewAfterSave}
          </Text>
        </InlineStack>
        <Card>
          <FormLayout>
            <Select
              id={fieldId("tierMeasure")}
              label={programStrings.fields.tierMeasure.label}
              helpText={programStrings.fields.tierMeasure.help}
              options={TIER_MEASURES.map((value) => ({ value, label: strings.measures[value] }))}
              value={measure}
              onChange={(value) => setField("tierMeasure", value)}
              error={errors.tierMeasure}
            />
            <RuleTextField name="tierWindowDays" unit="days" />
            <RuleTextField name="tierGraceDays" unit="days" />
          </FormLayout>
        </Card>
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}
