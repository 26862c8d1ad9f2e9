// The rows of an import that cannot be imported, and why: the first of them, and how many more there are.
import { BlockStack, IndexTable, Text } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import type { ImportDetail } from "~/admin/imports/import-view.server";
import { importStrings as t } from "~/admin/strings/imports";

export function RowErrors({ run }: { run: ImportDetail }) {
  if (run.errorCount === 0) return null;
  const c = t.check.columns;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t.check.errorsHeading}
      </Text>
      <Text as="p" tone="subdued">
        {t.check.errorsNote}
      </Text>
      <IndexTable resourceName={t.check.errorsResource} itemCount={run.errors.length} selectable={false} headings={[{ title: c.row }, { title: c.column }, { title: c.message }]}>
        {run.errors.map((error, index) => (
          <IndexTable.Row id={`${error.row}-${index}`} key={`${error.row}-${index}`} position={index}>
            <IndexTable.Cell>{error.row}</IndexTable.Cell>
            <IndexTable.Cell>{error.column}</IndexTable.Cell>
            <IndexTable.Cell>{error.message}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      {run.errorCount > run.errors.length ? <Text as="p">{t.check.errorsMore(formatCount(run.errorCount - run.errors.length))}</Text> : null}
    </BlockStack>
  );
}
