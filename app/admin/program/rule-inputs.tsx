// The Program page's inputs, bound to the draft by field name: every one labelled, its error right below it.
import { Checkbox, TextField } from "@shopify/polaris";
import { createContext, useContext, type ReactNode } from "react";
import { programStrings } from "~/admin/strings/program";
import type { FieldErrors, MoneyFormat, ProgramDraft, RuleField, TierDraft } from "./program-form";

export interface DraftEditing {
  draft: ProgramDraft;
  errors: FieldErrors;
  money: MoneyFormat;
  setField(name: RuleField, value: string): void;
  setTier(index: number, field: keyof TierDraft, value: string): void;
  addTier(): void;
  removeTier(index: number): void;
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
