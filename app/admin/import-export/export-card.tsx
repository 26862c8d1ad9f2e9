// The Import and export page's downloads: members and the ledger as CSV.
import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { DownloadButton } from "~/admin/download-button";
import { importStrings as t } from "~/admin/strings/imports";

export function ExportCard() {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.export.heading}
        </Text>
        <Text as="p">{t.export.body}</Text>
        <InlineStack gap="300">
          <DownloadButton url="/app/import-export/members.csv" label={t.export.members} fallbackName="tally-members.csv" failedMessage={t.export.failed} />
          <DownloadButton url="/app/import-export/ledger.csv" label={t.export.ledger} fallbackName="tally-ledger.csv" failedMessage={t.export.failed} />
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {t.export.formulaNote}
        </Text>
      </BlockStack>
    </Card>
  );
}
