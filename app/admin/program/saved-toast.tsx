// "Program saved" after a save: App Bridge's toast inside Shopify's admin, Polaris' Toast in the demo's frame.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Toast } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { programStrings } from "~/admin/strings/program";

/** `result` is the action's answer: a new object per save, so each save shows one toast. */
type SaveResult = { ok: true; changed: number } | null;

function message(result: { changed: number }): string {
  return result.changed > 0 ? programStrings.saved : programStrings.unchanged;
}

function EmbeddedToast({ result }: { result: SaveResult }) {
  const shopify = useAppBridge();
  useEffect(() => {
    if (result) shopify.toast.show(message(result));
  }, [result, shopify]);
  return null;
}

function DemoToast({ result }: { result: SaveResult }) {
  const [shown, setShown] = useState<SaveResult>(null);
  useEffect(() => setShown(result), [result]);
  return shown ? <Toast content={message(shown)} onDismiss={() => setShown(null)} /> : null;
}

export function SavedToast({ embedded, result }: { embedded: boolean; result: SaveResult }) {
  return embedded ? <EmbeddedToast result={result} /> : <DemoToast result={result} />;
}
