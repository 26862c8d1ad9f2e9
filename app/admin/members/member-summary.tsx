// The top of a member's page: who they are, their balances, and their tier with the progress to the next one.
import { BlockStack, Box, Card, InlineGrid, ProgressBar, Text } from "@shopify/polaris";
import { formatPoints, formatTierAmount } from "../format";
import { formatDate } from "../format-dates";
import { memberDetail as t } from "../strings/members";
import type { MemberDetail } from "./member-detail.server";

function Figure({ label, value, help }: { label: string; value: number; help: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg" numeric>
        {formatPoints(value)}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {help}
      </Text>
    </BlockStack>
  );
}

export function MemberSummary({ detail }: { detail: MemberDetail }) {
  const { member, balances, tier, currencyCode } = detail;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t.profileHeading}
          </Text>
          {member.redacted ? <Text as="p">{t.redacted}</Text> : member.email ? <Text as="p">{member.email}</Text> : null}
          <Text as="p" tone="subdued">
            {[t.customerId(member.customerId), member.referralCode ? t.referralCode(member.referralCode) : null, t.joined(formatDate(member.joinedAt))]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t.balancesHeading}
          </Text>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            {balances.available < 0 ? (
              // A debt (ADR 021) reads as points owed, never as a negative balance.
              <Figure label={t.balances.owed} value={-balances.available} help={t.balances.owedHelp} />
            ) : (
              <Figure label={t.balances.available} value={balances.available} help={t.balances.availableHelp} />
            )}
            <Figure label={t.balances.pendingCredit} value={balances.pendingCredit} help={t.balances.pendingCreditHelp} />
            <Figure label={t.balances.pendingDebit} value={balances.pendingDebit} help={t.balances.pendingDebitHelp} />
            <Figure label={t.balances.lifetimeEarned} value={balances.lifetimeEarned} help={t.balances.lifetimeEarnedHelp} />
          </InlineGrid>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t.tierTitle(tier.name)}
          </Text>
          <Text as="p" tone="subdued">
            {t.tierTotal(formatTierAmount(tier.total, tier.measure, currencyCode))}
          </Text>
          {tier.next ? (
            <Box maxWidth="32rem">
              <BlockStack gap="100">
                <ProgressBar progress={tier.next.percent} size="small" ariaLabelledBy="tier-progress" />
                <Text as="p" id="tier-progress">
                  {t.toNextTier(formatTierAmount(tier.next.remainingAmount, tier.measure, currencyCode), tier.next.name)}
                </Text>
              </BlockStack>
            </Box>
          ) : (
            <Text as="p">{t.topTier}</Text>
          )}
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
