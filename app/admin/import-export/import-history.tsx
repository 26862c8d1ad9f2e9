// The shop's recent imports, newest first, each linking to its check or progress.
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Card, IndexTable, Text } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { formatDateTime } from "~/admin/format-dates";
import type { RecentImport } from "~/admin/imports/import-view.server";
import { importStrings as t } from "~/admin/strings/imports";

export function ImportHistory({ recent }: { recent: RecentImport[] }) {
  const c = t.history.columns;
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400)" }}>
          <Text as="h2" variant="headingMd">
            {t.history.heading}
          </Text>
        </div>
        {recent.length === 0 ? (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
            <Text as="p" tone="subdued">
              {t.history.empty}
            </Text>
          </div>
        ) : (
          <IndexTable
            resourceName={t.history.resource}
            itemCount={recent.length}
            selectable={false}
            headings={[{ title: c.date }, { title: c.file }, { title: c.format }, { title: c.status }, { title: c.rows, alignment: "end" }, { title: c.staff }]}
          >
            {recent.map((run, index) => (
              <IndexTable.Row id={run.id} key={run.id} position={index}>
                <IndexTable.Cell>{formatDateTime(run.createdAt)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <RemixLink to={`/app/import-export?run=${run.id}`}>{run.fileName}</RemixLink>
                </IndexTable.Cell>
                <IndexTable.Cell>{t.formats[run.format] ?? run.format}</IndexTable.Cell>
                <IndexTable.Cell>{t.history.status[run.status] ?? run.status}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {formatCount(run.totalRows)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{run.createdBy}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </BlockStack>
    </Card>
  );
}
