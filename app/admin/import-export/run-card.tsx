// The import the merchant is looking at (`?run=`): checked, running, failed or done.
import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import type { ImportDetail } from "~/admin/imports/import-view.server";
import { importStrings as t } from "~/admin/strings/imports";
import { CheckedRun } from "./checked-run";
import { RowErrors } from "./row-errors";
import { RunProgress } from "./run-progress";

export function RunCard({ run }: { run: ImportDetail }) {
  const heading =
    run.status === "checked" ? t.check.heading(run.fileName) : run.status === "done" ? t.run.done(run.fileName) : run.status === "failed" ? t.run.failed(run.fileName) : t.run.running(run.fileName);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        <Text as="p" tone="subdued">
          {t.check.format(t.formats[run.format] ?? run.format)}
        </Text>
        {run.status === "checked" ? <CheckedRun run={run} /> : null}
        {run.status === "running" || run.status === "failed" ? <RunProgress key={run.status} run={run} /> : null}
        {run.status === "done" ? (
          <BlockStack gap="300">
            <ProgressBar progress={100} tone="success" ariaLabelledBy="import-done-label" />
            <Text as="p" id="import-done-label">
              {t.run.doneSummary(formatCount(run.importedRows), formatCount(run.skippedRows))}
            </Text>
            <RowErrors run={run} />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
