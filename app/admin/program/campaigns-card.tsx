// The Program page's bonus campaigns: each with its bonus, window (in the time zone it was typed in) and whether it
// is running, scheduled or over, opened in the campaign form or deleted; and the form that adds one. Each button
// posts one edit to the page's action (intent campaign.save, campaign.delete), saved at once and recorded in the
// audit log. Collections are picked with App Bridge's resource picker inside Shopify's admin, or typed.
import { Form, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { programStrings } from "~/admin/strings/program";
import { campaignRunsAt } from "~/loyalty/campaigns/campaign-points";
import type { Campaign } from "~/loyalty/campaigns/campaign-rules";
import { campaignDraftFrom, newCampaignDraft, type CampaignDraft, type CampaignField } from "./campaign-form";
import { formatDecimal } from "./decimal-input";
import type { FieldErrors } from "./program-form";
import { CollectionPicker } from "./rule-inputs";

const c = programStrings.campaigns;

export interface CampaignRow {
  id: string;
  name: string;
  enabled: boolean;
  state: "running" | "scheduled" | "ended";
  /** "×2 points on every product · 2026-11-27 00:00 to 2026-11-30 00:00 (America/New_York)". */
  summary: string;
  draft: CampaignDraft;
}

/** The rows the page shows, from the saved campaigns, at `now`. */
export function campaignRows(campaigns: readonly Campaign[], now: Date): CampaignRow[] {
  return campaigns.map((campaign) => {
    const draft = campaignDraftFrom(campaign);
    const bonus = campaign.kind === "multiply" ? c.summary.multiply(formatDecimal(campaign.multiplierPercent, 2)) : c.summary.add(new Intl.NumberFormat("en-US").format(campaign.points));
    const scope = campaign.collectionIds.length === 0 ? c.summary.everyProduct : c.summary.collections(campaign.collectionIds.length);
    const window = c.summary.window(draft.startsAt.replace("T", " "), draft.endsAt.replace("T", " "), campaign.timeZone);
    const state = campaignRunsAt({ ...campaign, enabled: true }, now) ? "running" : Date.parse(campaign.startsAt) > now.getTime() ? "scheduled" : "ended";
    return { id: campaign.id, name: campaign.name, enabled: campaign.enabled, state, summary: `${bonus} ${scope} · ${window}`, draft };
  });
}

/** A DOM id for a campaign field: "campaign-startsAt". */
const campaignFieldId = (field: CampaignField) => `campaign-${field}`;

function CampaignEditor({ initial, errors, embedded, onCancel }: { initial: CampaignDraft; errors: FieldErrors; embedded: boolean; onCancel: () => void }) {
  const [draft, setDraft] = useState(initial);
  const navigation = useNavigation();
  const set = (field: CampaignField) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const text = (field: CampaignField, label: { label: string; help?: string }, inputMode: "text" | "decimal" | "numeric" = "text", type: "text" | "datetime-local" = "text", multiline = false) => (
    <TextField
      id={campaignFieldId(field)}
      name={`campaign.${field}`}
      label={label.label}
      helpText={label.help || undefined}
      value={draft[field]}
      onChange={set(field)}
      error={errors[`campaign.${field}`]}
      autoComplete="off"
      inputMode={inputMode}
      type={type}
      multiline={multiline ? 3 : undefined}
    />
  );
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="campaign.save" />
        <input type="hidden" name="campaign.id" value={draft.id} />
        <input type="hidden" name="campaign.enabled" value={draft.enabled} />
        <FormLayout>
          <Text as="h3" variant="headingSm">
            {draft.id ? c.editHeading(initial.name) : c.addHeading}
          </Text>
          {text("name", c.fields.name)}
          <Select
            id={campaignFieldId("kind")}
            name="campaign.kind"
            label={c.fields.kind.label}
            options={(["multiply", "add"] as const).map((value) => ({ value, label: c.kinds[value] }))}
            value={draft.kind}
            onChange={set("kind")}
          />
          {draft.kind === "multiply" ? text("multiplier", c.fields.multiplier, "decimal") : text("points", c.fields.points, "numeric")}
          <FormLayout.Group>
            {text("startsAt", c.fields.startsAt, "text", "datetime-local")}
            {text("endsAt", c.fields.endsAt, "text", "datetime-local")}
          </FormLayout.Group>
          {text("timeZone", c.fields.timeZone)}
          <BlockStack gap="200">
            {text("collectionIds", c.fields.collectionIds, "text", "text", true)}
            {embedded ? <CollectionPicker value={draft.collectionIds} onChange={set("collectionIds")} label={c.fields.pick} /> : null}
          </BlockStack>
          <Checkbox
            id={campaignFieldId("enabled")}
            label={c.fields.enabled.label}
            checked={draft.enabled === "true"}
            onChange={(checked) => set("enabled")(checked ? "true" : "false")}
            error={errors["campaign.enabled"]}
          />
          <ButtonGroup>
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              {c.save}
            </Button>
            <Button onClick={onCancel}>{c.cancel}</Button>
          </ButtonGroup>
        </FormLayout>
      </Form>
    </Card>
  );
}

export function CampaignsCard({
  rows,
  shopTimeZone,
  submitted,
  embedded,
}: {
  rows: CampaignRow[];
  shopTimeZone: string;
  submitted: { draft: CampaignDraft | null; errors: FieldErrors } | null;
  embedded: boolean;
}) {
  const [open, setOpen] = useState<CampaignDraft | null>(submitted?.draft ?? null);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  // A new campaign starts in the shop's time zone (the zone of the last one typed, if the merchant chose another).
  const zone = rows.at(-1)?.draft.timeZone ?? shopTimeZone;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {c.heading}
            </Text>
            <Button onClick={() => setOpen(newCampaignDraft(zone))}>{c.add}</Button>
          </InlineStack>
          {submitted?.errors.form ? (
            <Banner tone="critical">
              <p>{submitted.errors.form}</p>
            </Banner>
          ) : null}
          {rows.length === 0 ? <Text as="p">{c.empty}</Text> : null}
          {rows.map((row) => (
            <InlineStack key={row.id} align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {row.name}
                  </Text>
                  <Badge tone={row.enabled && row.state === "running" ? "success" : undefined}>{row.enabled ? c[row.state] : c.off}</Badge>
                </InlineStack>
                <Text as="span" tone="subdued">
                  {row.summary}
                </Text>
              </BlockStack>
              <InlineStack gap="200">
                <Button onClick={() => setOpen(row.draft)} accessibilityLabel={`${c.edit}: ${row.name}`}>
                  {c.edit}
                </Button>
                <Form method="post">
                  <input type="hidden" name="intent" value="campaign.delete" />
                  <input type="hidden" name="campaign.id" value={row.id} />
                  <Button submit disabled={busy} tone="critical" accessibilityLabel={`${c.delete}: ${row.name}`}>
                    {c.delete}
                  </Button>
                </Form>
              </InlineStack>
            </InlineStack>
          ))}
        </BlockStack>
      </Card>
      {open ? (
        <CampaignEditor
          key={`${open.id || "new"}-${JSON.stringify(submitted?.errors ?? {})}`}
          initial={open}
          errors={submitted?.draft && submitted.draft.id === open.id ? submitted.errors : {}}
          embedded={embedded}
          onCancel={() => setOpen(null)}
        />
      ) : null}
    </BlockStack>
  );
}
