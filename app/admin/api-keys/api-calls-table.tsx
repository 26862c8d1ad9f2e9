// The latest calls made with the shop's keys: when, which key, what was asked, and the answer's status.
import { IndexTable, Text } from "@shopify/polaris";
import { formatDateTime } from "~/admin/format-dates";
import { apiKeyStrings as t } from "~/admin/strings/api-keys";
import type { ApiKeysPage } from "./api-keys-query.server";

export function ApiCallsTable({ rows }: { rows: ApiKeysPage["calls"] }) {
  const c = t.callsColumns;
  return (
    <IndexTable resourceName={t.callsResource} itemCount={rows.length} selectable={false} headings={[{ title: c.at }, { title: c.key }, { title: c.request }, { title: c.status, alignment: "end" }]}>
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>{formatDateTime(row.at)}</IndexTable.Cell>
          <IndexTable.Cell>{row.key}</IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" variant="bodySm">
              <code>{`${row.method} ${row.path}`}</code>
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric tone={row.status >= 400 ? "critical" : undefined}>
              {row.status}
            </Text>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
