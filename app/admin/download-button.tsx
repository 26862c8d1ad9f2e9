// A button that downloads a file from one of the admin's resource routes. Inside Shopify's admin the page is
// embedded and authenticates with a session token that the current App Bridge adds to the app's fetch() requests
// (https://shopify.dev/docs/apps/auth/session-tokens/getting-started), not to plain links, which would land on the
// session-token bounce page instead of the file. So the file is fetched and handed to the browser as a blob.
import { BlockStack, Button, InlineError } from "@shopify/polaris";
import { useId, useState } from "react";

function fileNameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? fallback;
}

export function DownloadButton({
  url,
  label,
  accessibilityLabel,
  fallbackName,
  failedMessage,
}: {
  url: string;
  label: string;
  /** What a screen reader says instead of `label`, when several buttons share it (one per row). */
  accessibilityLabel?: string;
  fallbackName: string;
  failedMessage: string;
}) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const id = useId();
  const download = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`download failed with ${response.status}`);
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileNameOf(response, fallbackName);
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <BlockStack gap="100">
      <Button id={id} onClick={() => void download()} loading={busy} accessibilityLabel={accessibilityLabel}>
        {label}
      </Button>
      {failed ? <InlineError message={failedMessage} fieldID={id} /> : null}
    </BlockStack>
  );
}
