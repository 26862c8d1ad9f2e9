// The Program page's reward catalogue: every reward in the order members see it, each switched on or off, moved,
// or opened in the reward form; and the form that adds one. Each button posts one edit to the page's action
// (intent reward.save, reward.switch, reward.move), which saves it at once and records it in the audit log. A free
// product is picked with App Bridge's resource picker inside Shopify's admin; the picker fills the variant field,
// which can also be typed (the demo has no picker), and the action checks the variant with the Admin API.
import { Form, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { programStrings } from "~/admin/strings/program";
import { REWARD_FORMS, type RewardForm } from "~/loyalty/redemption/reward-catalogue";
import type { FieldErrors, MoneyFormat } from "./program-form";
import { FORM_FIELDS, newRewardDraft, type RewardDraft, type RewardField } from "./reward-form";

const c = programStrings.catalogue;

export interface CatalogueRow {
  id: string;
  name: string;
  enabled: boolean;
  /** "Free product · Linen apron", "Amount off · $5.00 off". */
  summary: string;
  cost: string;
  draft: RewardDraft;
}

export interface CatalogueCardProps {
  rows: CatalogueRow[];
  /** The program's tiers, which a reward can be kept for. */
  tiers: { key: string; name: string }[];
  money: MoneyFormat;
  /** The reward form as last submitted (null for a switch or a move), with its errors, when the action refused it. */
  submitted: { draft: RewardDraft | null; errors: FieldErrors } | null;
  embedded: boolean;
}

/** A DOM id for a reward field: "reward-points". */
const rewardFieldId = (field: RewardField) => `reward-${field}`;

function RowActions({ row, first, last, busy }: { row: CatalogueRow; first: boolean; last: boolean; busy: boolean }) {
  const post = (intent: string, extra: Record<string, string>) => (
    <Form method="post" key={`${intent}-${Object.values(extra).join("-")}`}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="reward.id" value={row.id} />
      {Object.entries(extra).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button submit disabled={busy} accessibilityLabel={`${intent === "reward.switch" ? (row.enabled ? c.switchOff : c.switchOn) : extra.direction === "up" ? c.moveUp : c.moveDown}: ${row.name}`}>
        {intent === "reward.switch" ? (row.enabled ? c.switchOff : c.switchOn) : extra.direction === "up" ? c.moveUp : c.moveDown}
      </Button>
    </Form>
  );
  return (
    <InlineStack gap="200">
      {post("reward.switch", { "reward.enabled": String(!row.enabled) })}
      {first ? null : post("reward.move", { direction: "up" })}
      {last ? null : post("reward.move", { direction: "down" })}
    </InlineStack>
  );
}

function VariantPicker({ onPick }: { onPick: (id: string) => void }) {
  const shopify = useAppBridge();
  return (
    <Button
      onClick={() => {
        void shopify.resourcePicker({ type: "variant", action: "select", multiple: false }).then((picked) => {
          const id = picked?.[0]?.id;
          if (id) onPick(id);
        });
      }}
    >
      {c.fields.pick}
    </Button>
  );
}

/** Ticks for a tier-only reward, posted as one comma-separated field (none ticked: every member). */
function TierChoice({ tiers, value, error, onChange }: { tiers: CatalogueCardProps["tiers"]; value: string; error?: string; onChange: (value: string) => void }) {
  const chosen = value.split(",").filter(Boolean);
  return (
    <BlockStack gap="100">
      <input type="hidden" name="reward.tierKeys" value={value} />
      <Text as="p">{c.fields.tierKeys.label}</Text>
      {tiers.map((tier) => (
        <Checkbox
          key={tier.key}
          id={`${rewardFieldId("tierKeys")}-${tier.key}`}
          label={tier.name}
          checked={chosen.includes(tier.key)}
          onChange={(checked) => onChange(tiers.filter((t) => (t.key === tier.key ? checked : chosen.includes(t.key))).map((t) => t.key).join(","))}
        />
      ))}
      <Text as="p" tone={error ? "critical" : "subdued"}>
        {error ?? c.fields.tierKeys.help}
      </Text>
    </BlockStack>
  );
}

function RewardEditor({
  initial,
  errors,
  money,
  tiers,
  embedded,
  onCancel,
}: {
  initial: RewardDraft;
  errors: FieldErrors;
  money: MoneyFormat;
  tiers: CatalogueCardProps["tiers"];
  embedded: boolean;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const navigation = useNavigation();
  const form = draft.form as RewardForm;
  const set = (field: RewardField) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const shown = new Set<RewardField>(FORM_FIELDS[form]);
  const text = (field: RewardField, label: { label: string; help: string }, kind: "money" | "decimal" | "number" | "text" = "number", multiline = false) => (
    <TextField
      id={rewardFieldId(field)}
      name={`reward.${field}`}
      label={label.label}
      helpText={label.help || undefined}
      value={draft[field]}
      onChange={set(field)}
      error={errors[`reward.${field}`]}
      autoComplete="off"
      inputMode={kind === "money" || kind === "decimal" ? "decimal" : kind === "number" ? "numeric" : "text"}
      prefix={kind === "money" ? money.symbol : undefined}
      multiline={multiline ? 3 : undefined}
    />
  );
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="reward.save" />
        <input type="hidden" name="reward.id" value={draft.id} />
        <input type="hidden" name="reward.enabled" value={draft.enabled} />
        {draft.id ? <input type="hidden" name="reward.form" value={draft.form} /> : null}
        <FormLayout>
          <Text as="h3" variant="headingSm">
            {draft.id ? c.editHeading(initial.name) : c.addHeading}
          </Text>
          <Select
            id={rewardFieldId("form")}
            name={draft.id ? undefined : "reward.form"}
            label={c.fields.form.label}
            options={REWARD_FORMS.map((value) => ({ value, label: c.kinds[value] }))}
            value={draft.form}
            onChange={(value) => setDraft((current) => ({ ...newRewardDraft(value as RewardForm), name: current.name, points: current.points }))}
            disabled={Boolean(draft.id)}
          />
          {text("name", c.fields.name, "text")}
          {text("points", form === "amount_off_per_points" ? c.fields.pointsPerPoints : c.fields.points)}
          {shown.has("stepPoints") ? text("stepPoints", c.fields.stepPoints) : null}
          {shown.has("amountMinor") ? text("amountMinor", form === "store_credit" ? c.fields.storeCredit : c.fields.amountMinor, "money") : null}
          {shown.has("percent") ? text("percent", c.fields.percent) : null}
          {shown.has("variantId") ? (
            <BlockStack gap="200">
              {text("variantId", c.fields.variantId, "text")}
              {embedded ? <VariantPicker onPick={set("variantId")} /> : null}
            </BlockStack>
          ) : null}
          {shown.has("minimumOrderMinor") ? text("minimumOrderMinor", c.fields.minimumOrderMinor, "money") : null}
          {shown.has("collectionIds") ? text("collectionIds", c.fields.collectionIds, "text", true) : null}
          {shown.has("codeLifetimeDays") ? text("codeLifetimeDays", c.fields.codeLifetimeDays, "decimal") : null}
          {tiers.length > 1 ? <TierChoice tiers={tiers} value={draft.tierKeys} error={errors["reward.tierKeys"]} onChange={set("tierKeys")} /> : null}
          <Checkbox
            id={rewardFieldId("enabled")}
            label={c.fields.enabled.label}
            checked={draft.enabled === "true"}
            onChange={(checked) => set("enabled")(checked ? "true" : "false")}
            error={errors["reward.enabled"]}
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

export function RewardCatalogueCard({ rows, tiers, money, submitted, embedded }: CatalogueCardProps) {
  const [open, setOpen] = useState<RewardDraft | null>(submitted?.draft ?? null);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {c.heading}
            </Text>
            <Button onClick={() => setOpen(newRewardDraft())}>{c.add}</Button>
          </InlineStack>
          {submitted?.errors.form ? (
            <Banner tone="critical">
              <p>{submitted.errors.form}</p>
            </Banner>
          ) : null}
          {rows.length === 0 ? <Text as="p">{c.empty}</Text> : null}
          {rows.map((row, index) => (
            <BlockStack key={row.id} gap="200">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      {row.name}
                    </Text>
                    <Badge tone={row.enabled ? "success" : undefined}>{row.enabled ? c.on : c.off}</Badge>
                  </InlineStack>
                  <Text as="span" tone="subdued">
                    {`${row.summary} · ${row.cost}`}
                  </Text>
                </BlockStack>
                <InlineStack gap="200">
                  <Button onClick={() => setOpen(row.draft)} accessibilityLabel={`${c.edit}: ${row.name}`}>
                    {c.edit}
                  </Button>
                  <RowActions row={row} first={index === 0} last={index === rows.length - 1} busy={busy} />
                </InlineStack>
              </InlineStack>
            </BlockStack>
          ))}
        </BlockStack>
      </Card>
      {open ? (
        <RewardEditor
          key={`${open.id || "new"}-${JSON.stringify(submitted?.errors ?? {})}`}
          initial={open}
          errors={submitted?.draft && submitted.draft.id === open.id ? submitted.errors : {}}
          money={money}
          tiers={tiers}
          embedded={embedded}
          onCancel={() => setOpen(null)}
        />
      ) : null}
    </BlockStack>
  );
}
