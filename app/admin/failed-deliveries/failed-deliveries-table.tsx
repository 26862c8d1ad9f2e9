// The failed deliveries as a table: when, what, what about, why, and a Retry button per row.
import { Form, useNavigation } from "@remix-run/react";
import { Button, IndexTable, Text } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { formatDateTime } from "~/admin/format-dates";
import { deliveriesStrings as t } from "~/admin/strings/deliveries";
import type { FailedDeliveryRow } from "./failed-deliveries.server";

function RetryButton({ row }: { row: FailedDeliveryRow }) {
  const navigation = useNavigation();
  const retrying = navigation.state === "submitting" && navigation.formData?.get("deliveryId") === row.id;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="retry" />
      <input type="hidden" name="deliveryId" value={row.id} />
      <Button submit loading={retrying} accessibilityLabel={t.retryLabel(row.subject)}>
        {t.retry}
      </Button>
    </Form>
  );
}

export function FailedDeliveriesTable({ rows }: { rows: FailedDeliveryRow[] }) {
  const c = t.columns;
  return (
    <IndexTable
      resourceName={t.resource}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: c.received }, { title: c.update }, { title: c.about }, { title: c.error }, { title: c.attempts, alignment: "end" }, { title: c.action }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>{formatDateTime(row.receivedAt)}</IndexTable.Cell>
          <IndexTable.Cell>{t.topics[row.topic] ?? row.topic}</IndexTable.Cell>
          <IndexTable.Cell>{row.subject}</IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", maxWidth: "28rem" }}>
              <Text as="span" variant="bodySm">
                {row.error}
              </Text>
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {formatCount(row.attempts)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <RetryButton row={row} />
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
