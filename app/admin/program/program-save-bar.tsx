// The contextual save bar: App Bridge's inside Shopify's admin, Polaris' own in the demo, which draws its own
// admin frame and has no App Bridge (docs: shopify.dev/docs/api/app-bridge-library/react-components/savebar-component).
import { SaveBar } from "@shopify/app-bridge-react";
import { ContextualSaveBar } from "@shopify/polaris";
import { programStrings } from "~/admin/strings/program";

export interface SaveBarProps {
  embedded: boolean;
  dirty: boolean;
  saving: boolean;
  onSave(): void;
  onDiscard(): void;
}

export function ProgramSaveBar({ embedded, dirty, saving, onSave, onDiscard }: SaveBarProps) {
  if (embedded) {
    return (
      <SaveBar id="program-save-bar" open={dirty || saving}>
        {/* The primary button is App Bridge's Save, the other its Discard; their labels are Shopify's own. */}
        <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saving}></button>
        <button onClick={onDiscard} disabled={saving}></button>
      </SaveBar>
    );
  }
  if (!dirty && !saving) return null;
  return (
    <ContextualSaveBar
      message={programStrings.saveBarMessage}
      saveAction={{ content: programStrings.save, onAction: onSave, loading: saving }}
      discardAction={{ content: programStrings.discard, onAction: onDiscard, disabled: saving }}
    />
  );
}
