// The Program page's inputs, bound to the draft by field name: every one labelled, its error right below it.
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Checkbox, TextField } from "@shopify/polaris";
import { createContext, useContext, type ReactNode } from "react";
import { programStrings } from "~/admin/strings/program";
import type { SocialNetwork } from "~/loyalty/actions/action-rules";
import type { EventField } from "./actions-form";
import type { FieldErrors, MoneyFormat, ProgramDraft, RuleField, TierDraft } from "./program-form";

export interface DraftEditing {
  draft: ProgramDraft;
  errors: FieldErrors;
  money: MoneyFormat;
  setField(name: RuleField, value: string): void;
  setTier(index: number, field: keyof TierDraft, value: string): void;
  addTier(): void;
  removeTier(index: number): void;
  setLink(network: SocialNetwork, value: string): void;
  setEvent(index: number, field: EventField, value: string): void;
  addEvent(): void;
  removeEvent(index: number): void;
}

const DraftContext = createContext<DraftEditing | null>(null);

export function DraftProvider({ value, children }: { value: DraftEditing; children: ReactNode }) {
  return <DraftContext.Provider value={value}>{children}</DraftContext.Provider>;
}

export function useDraft(): DraftEditing {
  const editing = useContext(DraftContext);
  if (!editing) throw new Error("useDraft outside DraftProvider");
  return editing;
}

/** A DOM id for a field name: "tiers.1.name" → "program-tiers-1-name". */
export function fieldId(name: string): string {
  return `program-${name.replace(/\./g, "-")}`;
}

type Unit = "points" | "money" | "percent" | "days" | "plain" | "text";

export function RuleTextField({ name, unit = "plain" }: { name: RuleField; unit?: Unit }) {
  const { draft, errors, money, setField } = useDraft();
  const { label, help } = programStrings.fields[name];
  return (
    <TextField
      id={fieldId(name)}
      name={name}
      label={label}
      helpText={help || undefined}
      value={draft.fields[name]}
      onChange={(value) => setField(name, value)}
      error={errors[name]}
      autoComplete="off"
      inputMode={unit === "text" ? "text" : unit === "money" ? "decimal" : "numeric"}
      prefix={unit === "money" ? money.symbol : undefined}
      suffix={unit === "percent" ? "%" : undefined}
    />
  );
}

export function RuleCheckbox({ name }: { name: RuleField }) {
  const { draft, errors, setField } = useDraft();
  const { label, help } = programStrings.fields[name];
  return (
    <Checkbox
      id={fieldId(name)}
      label={label}
      helpText={help || undefined}
      checked={draft.fields[name] === "true"}
      onChange={(checked) => setField(name, checked ? "true" : "false")}
      error={errors[name]}
    />
  );
}

/**
 * Collections picked with App Bridge's resource picker inside Shopify's admin, or typed one per line (the demo has
 * no picker). The picker adds to what is there.
 */
export function CollectionPicker({ value, onChange, label }: { value: string; onChange: (value: string) => void; label: string }) {
  const shopify = useAppBridge();
  return (
    <Button
      onClick={() => {
        void shopify.resourcePicker({ type: "collection", action: "select", multiple: true }).then((picked) => {
          const ids = (picked ?? []).map((collection) => collection.id);
          if (ids.length === 0) return;
          const current = value.split(/[\s,]+/).filter(Boolean);
          onChange([...new Set([...current, ...ids])].join("\n"));
        });
      }}
    >
      {label}
    </Button>
  );
}

export function RuleCollectionsField({ name, embedded }: { name: RuleField; embedded: boolean }) {
  const { draft, errors, setField } = useDraft();
  const { label, help } = programStrings.fields[name];
  return (
    <BlockStack gap="200">
      <TextField
        id={fieldId(name)}
        name={name}
        label={label}
        helpText={help || undefined}
        value={draft.fields[name]}
        onChange={(value) => setField(name, value)}
        error={errors[name]}
        autoComplete="off"
        multiline={3}
      />
      {embedded ? <CollectionPicker value={draft.fields[name]} onChange={(value) => setField(name, value)} label={programStrings.campaigns.fields.pick} /> : null}
    </BlockStack>
  );
}
