// The shop's history on the Import and export page: how the latest read stands (waiting, reading, finished, or
// stopped with Shopify's reason), a button to read it again, and points for past orders as a dry run first, given
// only when the merchant presses the button. The page reloads every few seconds while a read is under way.
import { Form, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { formatCount } from "~/admin/format";
import { formatDateTime } from "~/admin/format-dates";
import { shopHistoryStrings as t } from "~/admin/strings/shop-history";

const POLL_MS = 3000;

interface HistoryRun {
  id: string;
  status: string;
  objectCount: number;
  customersRead: number;
  ordersRead: number;
  membersCreated: number;
  ordersRecorded: number;
  error: string | null;
  awardedMembers: number | null;
  awardedPoints: number | null;
  awardedAt: string | Date | null;
  createdAt: string | Date;
  finishedAt: string | Date | null;
}

export function HistoryCard({ run, award }: { run: HistoryRun | null; award: { orders: number; members: number; points: number } }) {
  const revalidator = useRevalidator();
  const active = run !== null && ["queued", "customers", "orders"].includes(run.status);
  useEffect(() => {
    if (!active || revalidator.state !== "idle") return;
    const timer = setTimeout(() => revalidator.revalidate(), POLL_MS);
    return () => clearTimeout(timer);
  }, [active, revalidator]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.heading}
        </Text>
        <Text as="p">{t.body}</Text>
        {run ? (
          <BlockStack gap="200">
            <Text as="p" id="history-status">
              {t.statusLabel}: {t.status[run.status] ?? run.status} · {run.finishedAt ? t.finished(formatDateTime(run.finishedAt)) : t.started(formatDateTime(run.createdAt))}
            </Text>
            {active && run.status !== "queued" ? <Text as="p">{t.objectsRead(formatCount(run.objectCount))}</Text> : null}
            {run.status === "done" || run.customersRead > 0 ? (
              <Text as="p">{t.counts(formatCount(run.customersRead), formatCount(run.membersCreated), formatCount(run.ordersRead), formatCount(run.ordersRecorded))}</Text>
            ) : null}
            {run.status === "failed" && run.error ? <Banner tone="critical">{t.failed(run.error)}</Banner> : null}
          </BlockStack>
        ) : (
          <Text as="p">{t.never}</Text>
        )}
        {active ? null : (
          <Form method="post">
            <input type="hidden" name="intent" value="history" />
            <BlockStack gap="100">
              <InlineStack>
                <Button submit>{t.readAgain}</Button>
              </InlineStack>
              <Text as="p" tone="subdued">
                {t.readAgainHelp}
              </Text>
            </BlockStack>
          </Form>
        )}
        {run?.status === "done" ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t.award.heading}
            </Text>
            {run.awardedAt && run.awardedPoints !== null && run.awardedMembers !== null ? (
              <Text as="p">{t.award.awarded(formatCount(run.awardedPoints), formatCount(run.awardedMembers), formatDateTime(run.awardedAt))}</Text>
            ) : null}
            {award.points > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="award" />
                <input type="hidden" name="historyRunId" value={run.id} />
                <BlockStack gap="200">
                  <Text as="p" id="history-dry-run">
                    {t.award.dryRun(formatCount(award.points), formatCount(award.members), formatCount(award.orders))}
                  </Text>
                  <InlineStack>
                    <Button submit variant="primary">
                      {t.award.button(formatCount(award.points), formatCount(award.members))}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            ) : (
              <Text as="p">{t.award.nothing}</Text>
            )}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
