// The ledger feed as Polaris renders it: one row per transfer, with the member linked to their page.
import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, EmptyState, IndexTable, Text } from "@shopify/polaris";
import { formatPoints } from "../format";
import { activityStrings } from "../strings/activity";
import { formatDateTime } from "../format-dates";
import type { FeedEntry } from "./ledger-feed.server";

const t = activityStrings.ledger;

function statusTone(status: string) {
  if (status === "pending") return "attention" as const;
  if (status === "voided") return undefined;
  return "success" as const;
}

function MemberCell({ entry }: { entry: FeedEntry }) {
  const label = entry.memberRedacted ? t.memberGone : (entry.memberName ?? entry.memberEmail ?? entry.memberId);
  return (
    <BlockStack gap="050">
      <RemixLink to={`/app/members/${entry.memberId}`}>
        <Text as="span" fontWeight="semibold">
          {label}
        </Text>
      </RemixLink>
      {entry.memberName && entry.memberEmail && !entry.memberRedacted ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {entry.memberEmail}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export function LedgerFeedTable({ entries, emptyMessage }: { entries: FeedEntry[]; emptyMessage: string }) {
  if (entries.length === 0) {
    return (
      <EmptyState heading={emptyMessage} image="">
        <p>{t.intro}</p>
      </EmptyState>
    );
  }
  const c = t.columns;
  return (
    <IndexTable
      resourceName={t.resource}
      itemCount={entries.length}
      selectable={false}
      headings={[
        { title: c.date },
        { title: c.member },
        { title: c.code },
        { title: c.points, alignment: "end" },
        { title: c.status },
        { title: c.order },
        { title: c.actor },
        { title: c.memo },
      ]}
    >
      {entries.map((entry, index) => (
        <IndexTable.Row id={entry.id} key={entry.id} position={index}>
          <IndexTable.Cell>{formatDateTime(entry.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>
            <MemberCell entry={entry} />
          </IndexTable.Cell>
          <IndexTable.Cell>{(activityStrings.codes as Record<string, string>)[entry.code] ?? entry.code}</IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric tone={entry.points < 0 ? "critical" : undefined}>
              {entry.points > 0 ? `+${formatPoints(entry.points)}` : formatPoints(entry.points)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={statusTone(entry.status)}>{activityStrings.statuses[entry.status] ?? entry.status}</Badge>
          </IndexTable.Cell>
          <IndexTable.Cell>{entry.orderId ?? t.noOrder}</IndexTable.Cell>
          <IndexTable.Cell>{entry.actor === "system" ? t.system : entry.actor}</IndexTable.Cell>
          <IndexTable.Cell>{entry.memo ?? ""}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
