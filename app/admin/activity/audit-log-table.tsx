// The audit log as Polaris renders it: when, who, what, and the details in plain words.
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, EmptyState, IndexTable, Text } from "@shopify/polaris";
import { activityStrings } from "../strings/activity";
import type { AuditEntry } from "./audit-feed.server";
import { formatDateTime } from "../format-dates";

const t = activityStrings.audit;

export function AuditLogTable({ events, emptyMessage }: { events: AuditEntry[]; emptyMessage: string }) {
  if (events.length === 0) {
    return (
      <EmptyState heading={emptyMessage} image="">
        <p>{t.intro}</p>
      </EmptyState>
    );
  }
  return (
    <IndexTable
      resourceName={t.resource}
      itemCount={events.length}
      selectable={false}
      headings={[{ title: t.columns.date }, { title: t.columns.staff }, { title: t.columns.action }, { title: t.columns.details }]}
    >
      {events.map((event, index) => (
        <IndexTable.Row id={event.id} key={event.id} position={index}>
          <IndexTable.Cell>{formatDateTime(event.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>{event.actorName}</IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" fontWeight="semibold">
              {event.title}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="100">
              {event.lines.map((line, lineIndex) => (
                <Text as="p" key={lineIndex}>
                  {line}
                </Text>
              ))}
              {event.memberId ? <RemixLink to={`/app/members/${event.memberId}`}>{t.viewMember}</RemixLink> : null}
            </BlockStack>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
