// The Flow triggers Shopify did not take (flow-sends.server.ts), with the last error and the next try.
import { BlockStack, Card, IndexTable, Text } from "@shopify/polaris";
import { AttemptCells } from "~/admin/outgoing-webhooks/outgoing-webhook-tables";
import { flowStrings as t } from "~/admin/strings/flow";
import type { FlowSendRow } from "./flow-sends.server";

export function FlowSendsCard({ rows }: { rows: FlowSendRow[] }) {
  const c = t.columns;
  return (
    <Card padding="0">
      <BlockStack gap="200">
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t.title}
            </Text>
            <Text as="p">{t.intro}</Text>
            {rows.length === 0 ? <Text as="p">{t.none}</Text> : null}
          </BlockStack>
        </div>
        {rows.length === 0 ? (
          <div />
        ) : (
          <IndexTable
            resourceName={{ singular: "trigger", plural: "triggers" }}
            itemCount={rows.length}
            selectable={false}
            headings={[{ title: c.trigger }, { title: c.status }, { title: c.attempts, alignment: "end" }, { title: c.error }, { title: c.next }]}
          >
            {rows.map((row, index) => (
              <IndexTable.Row id={row.id} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span">{t.triggers[row.trigger] ?? row.trigger}</Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {row.eventId}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{t.status[row.status] ?? row.status}</IndexTable.Cell>
                <AttemptCells attempts={row.attempts} error={row.error} nextAttemptAt={row.nextAttemptAt} />
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </BlockStack>
    </Card>
  );
}
