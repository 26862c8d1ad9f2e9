// The endpoints (enable, disable, delete each) and the deliveries that failed or are being retried (retry each).
import { Form } from "@remix-run/react";
import { Badge, Button, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { formatDateTime } from "~/admin/format-dates";
import { outgoingWebhookStrings as t } from "~/admin/strings/outgoing-webhooks";
import type { EndpointRow, WebhookDeliveryRow } from "./outgoing-webhooks.server";

function RowAction({ intent, id, label, tone }: { intent: string; id: string; label: string; tone?: "critical" }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <Button submit tone={tone} size="slim">
        {label}
      </Button>
    </Form>
  );
}

export function EndpointsTable({ rows }: { rows: EndpointRow[] }) {
  const c = t.endpointColumns;
  return (
    <IndexTable
      resourceName={{ singular: "endpoint", plural: "endpoints" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: c.url }, { title: c.events }, { title: c.status }, { title: c.added }, { title: c.actions }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", maxWidth: "24rem" }}>{row.url}</div>
          </IndexTable.Cell>
          <IndexTable.Cell>{row.events.map((event) => t.events[event]).join(", ")}</IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={row.enabled ? "success" : undefined}>{row.enabled ? t.enabled : t.disabled}</Badge>
          </IndexTable.Cell>
          <IndexTable.Cell>{formatDateTime(row.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack gap="200" wrap={false}>
              {row.enabled ? <RowAction intent="disable" id={row.id} label={t.disable} /> : <RowAction intent="enable" id={row.id} label={t.enable} />}
              <RowAction intent="delete" id={row.id} label={t.delete} tone="critical" />
            </InlineStack>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

/** Attempts so far, the last error and the next try: the cells of anything Tally sends and retries. */
export function AttemptCells({ attempts, error, nextAttemptAt }: { attempts: number; error: string | null; nextAttemptAt: string | null }) {
  return (
    <>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatCount(attempts)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", maxWidth: "18rem" }}>{error ?? ""}</div>
      </IndexTable.Cell>
      <IndexTable.Cell>{nextAttemptAt ? formatDateTime(nextAttemptAt) : ""}</IndexTable.Cell>
    </>
  );
}

export function WebhookDeliveriesTable({ rows }: { rows: WebhookDeliveryRow[] }) {
  const c = t.deliveryColumns;
  return (
    <IndexTable
      resourceName={{ singular: "delivery", plural: "deliveries" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: c.event }, { title: c.endpoint }, { title: c.status }, { title: c.attempts, alignment: "end" }, { title: c.error }, { title: c.next }, { title: c.action }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>
            <Text as="span">{t.events[row.eventType as keyof typeof t.events] ?? row.eventType}</Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {row.eventId}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", maxWidth: "18rem" }}>{row.url}</div>
          </IndexTable.Cell>
          <IndexTable.Cell>{t.deliveryStatus[row.status] ?? row.status}</IndexTable.Cell>
          <AttemptCells attempts={row.attempts} error={row.error} nextAttemptAt={row.nextAttemptAt} />
          <IndexTable.Cell>{row.status === "failed" ? <RowAction intent="retry" id={row.id} label={t.retry} /> : null}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
