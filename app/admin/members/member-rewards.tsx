// The rewards card on a member's page (member-rewards.server.ts): each reward with its code, what it cost, and what
// became of it, in words staff can repeat to the customer.
import { Badge, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { formatPoints } from "../format";
import { formatDate, formatDateTime } from "../format-dates";
import { memberDetail as t } from "../strings/members";
import type { MemberRewardRow, MemberRewards as Rewards } from "./member-rewards.server";

type Tone = "success" | "attention" | "info" | undefined;

/** The status badge and, where it helps, one line saying what happens next. */
function statusOf(row: MemberRewardRow): { label: string; tone: Tone; detail: string | null } {
  if (row.source === "tier") {
    const label = t.grantStatuses[row.status] ?? row.status;
    if (row.status === "queued") return { label, tone: "attention", detail: row.retry ? t.grantRetry(row.retry.attempts, formatDateTime(row.retry.nextAttemptAt), row.retry.lastError) : null };
    return { label, tone: "success", detail: row.status === "issued" && row.expiresAt ? t.expires(formatDate(row.expiresAt)) : null };
  }
  if (row.status === "issuing") {
    if (!row.storeCredit) return { label: t.codeBeingMade, tone: "attention", detail: null };
    return { label: t.creditUnconfirmed, tone: "attention", detail: row.expiresAt ? t.creditLookup(formatDateTime(row.expiresAt)) : null };
  }
  const label = t.redemptionStatuses[row.status] ?? row.status;
  if (row.status === "issued") return { label, tone: "info", detail: row.expiresAt ? t.expires(formatDate(row.expiresAt)) : null };
  if (row.status === "used") return { label, tone: "success", detail: row.orderId ? t.usedOn(row.orderId) : null };
  return { label, tone: row.status === "credited" ? "success" : undefined, detail: null };
}

function status(row: MemberRewardRow) {
  const { label, tone, detail } = statusOf(row);
  return (
    <BlockStack gap="050">
      <span>
        <Badge tone={tone}>{label}</Badge>
      </span>
      {detail ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {detail}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function reward(row: MemberRewardRow) {
  return (
    <BlockStack gap="050">
      <span>{row.title ?? t.unknownReward}</span>
      {row.tierName ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {t.forTier(row.tierName)}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function code(row: MemberRewardRow) {
  if (!row.code) return t.noCode;
  return row.storeCredit ? `${t.storeCreditCode} · ${row.code}` : row.code;
}

export function MemberRewards({ rewards }: { rewards: Rewards }) {
  const bought = rewards.rows.filter((row) => row.source === "bought").length;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.rewardsHeading}
        </Text>
        {rewards.rows.length === 0 ? (
          <Text as="p">{t.rewardsEmpty}</Text>
        ) : (
          <>
            <Text as="p" tone="subdued">
              {t.rewardsIntro}
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "text"]}
              headings={[t.rewardColumns.date, t.rewardColumns.reward, t.rewardColumns.code, t.rewardColumns.points, t.rewardColumns.status]}
              rows={rewards.rows.map((row) => [formatDate(row.createdAt), reward(row), code(row), row.source === "bought" ? formatPoints(row.points) : "0", status(row)])}
            />
          </>
        )}
        {rewards.boughtTotal > bought ? (
          <Text as="p" tone="subdued">
            {t.moreRewards(bought, rewards.boughtTotal)}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
