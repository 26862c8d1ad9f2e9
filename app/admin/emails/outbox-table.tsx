// The Emails page's outbox: the latest emails, each with its status and the message as it was rendered.
import { Badge, BlockStack, IndexTable, Text } from "@shopify/polaris";
import { formatDateTime } from "~/admin/format-dates";
import { emailStrings as t } from "~/admin/strings/emails";
import type { OutboxRow } from "./emails-page.server";

export function OutboxTable({ rows }: { rows: OutboxRow[] }) {
  const c = t.columns;
  return (
    <IndexTable
      resourceName={{ singular: "email", plural: "emails" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: c.when }, { title: c.kind }, { title: c.to }, { title: c.status }, { title: c.detail }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>{formatDateTime(row.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>{t.kindNames[row.kind]}</IndexTable.Cell>
          <IndexTable.Cell>{row.to ?? (row.kind === "friend_invite" ? t.friendAddress : t.noAddress)}</IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={row.status === "sent" || row.status === "held" ? "success" : row.status === "failed" ? "critical" : undefined}>{t.statuses[row.status] ?? row.status}</Badge>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", maxWidth: "34rem" }}>
              <BlockStack gap="100">
                <Text as="p" fontWeight="semibold">
                  {row.subject}
                </Text>
                {row.error ? (
                  <Text as="p" tone="critical">
                    {row.error}
                  </Text>
                ) : null}
                <details>
                  <summary>{t.showMessage}</summary>
                  <iframe title={row.subject} srcDoc={row.html} sandbox="" style={{ width: "100%", height: "26rem", border: 0 }} />
                </details>
              </BlockStack>
            </div>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
