// A member's points history: every ledger entry, newest first, a page at a time, in plain words.
import { Badge, BlockStack, Box, Card, IndexTable, Text } from "@shopify/polaris";
import { formatCount } from "../format";
import { formatDateTime, formatSignedPoints } from "../format-dates";
import { memberDetail as t, transferCodeLabels } from "../strings/members";
import type { HistoryEntry, MemberDetail } from "./member-detail.server";

function codeLabel(code: string): string {
  return (transferCodeLabels as Record<string, string>)[code] ?? code;
}

function statusTone(status: string): "attention" | "success" | undefined {
  if (status === "pending") return "attention";
  if (status === "posted") return "success";
  return undefined;
}

function What({ entry }: { entry: HistoryEntry }) {
  const note = entry.pendingId ? t.resolves : entry.reversesId ? t.reverses : null;
  return (
    <BlockStack gap="050">
      <Text as="span">{codeLabel(entry.code)}</Text>
      {note ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {note}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export function MemberHistory({ history }: { history: MemberDetail["history"] }) {
  const { entries, page, pageCount, total } = history;
  return (
    <Card padding="0">
      <BlockStack>
        <Box padding="400">
          <Text as="h2" variant="headingMd">
            {t.historyHeading}
          </Text>
        </Box>
        <IndexTable
          resourceName={t.historyResource}
          itemCount={entries.length}
          selectable={false}
          emptyState={<Text as="p">{t.historyEmpty}</Text>}
          headings={[
            { title: t.historyColumns.date },
            { title: t.historyColumns.what },
            { title: t.historyColumns.points, alignment: "end" },
            { title: t.historyColumns.status },
            { title: t.historyColumns.order },
            { title: t.historyColumns.by },
            { title: t.historyColumns.memo },
          ]}
          pagination={{
            hasPrevious: page > 1,
            hasNext: page < pageCount,
            previousURL: `?page=${page - 1}`,
            nextURL: `?page=${page + 1}`,
            label: t.historyPage(formatCount(page), formatCount(pageCount), formatCount(total)),
          }}
        >
          {entries.map((entry, index) => (
            <IndexTable.Row id={entry.id} key={entry.id} position={index}>
              <IndexTable.Cell>{formatDateTime(entry.createdAt)}</IndexTable.Cell>
              <IndexTable.Cell>
                <What entry={entry} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric tone={entry.status === "voided" ? "subdued" : undefined}>
                  {formatSignedPoints(entry.points)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={statusTone(entry.status)}>{t.statuses[entry.status] ?? entry.status}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>{entry.orderId ? t.order(entry.orderId) : t.noOrder}</IndexTable.Cell>
              <IndexTable.Cell>{entry.actor === "system" ? t.system : entry.actor}</IndexTable.Cell>
              <IndexTable.Cell>{entry.memo ?? ""}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}
