// The referrals on a member's page: friends they referred, and who referred them.
import { Link } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { formatDate } from "../format-dates";
import { memberDetail as t } from "../strings/members";
import { referralReason, referralStatusLabels, referralsPage } from "../strings/referrals";
import type { MemberDetail, MemberReferral } from "./member-detail.server";

function who(referral: MemberReferral) {
  const { memberId, name, customerId } = referral.other;
  const label = name ?? (customerId ? referralsPage.friendCustomer(customerId) : referralsPage.guest);
  return memberId ? <Link to={`/app/members/${memberId}`}>{label}</Link> : label;
}

function status(referral: MemberReferral) {
  const reason = referralReason(referral.reason);
  return (
    <BlockStack gap="050">
      <span>
        <Badge tone={referral.status === "rewarded" ? "success" : referral.status === "pending" ? "attention" : undefined}>
          {referralStatusLabels[referral.status] ?? referral.status}
        </Badge>
      </span>
      {reason && referral.status !== "rewarded" ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {reason}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function ReferralTable({ referrals, otherHeading }: { referrals: MemberReferral[]; otherHeading: string }) {
  return (
    <DataTable
      columnContentTypes={["text", "text", "text", "text"]}
      headings={[t.referralColumns.date, otherHeading, t.referralColumns.order, t.referralColumns.status]}
      rows={referrals.map((referral) => [formatDate(referral.createdAt), who(referral), referralsPage.order(referral.orderId), status(referral)])}
    />
  );
}

export function MemberReferrals({ made, referredBy }: { made: MemberDetail["referralsMade"]; referredBy: MemberDetail["referredBy"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.referralsHeading}
        </Text>
        <Text as="h3" variant="headingSm">
          {t.referralsMade}
        </Text>
        {made.shown.length === 0 ? <Text as="p">{t.referralsMadeEmpty}</Text> : <ReferralTable referrals={made.shown} otherHeading={referralsPage.columns.friend} />}
        {made.total > made.shown.length ? (
          <Text as="p" tone="subdued">
            {t.moreReferrals(made.shown.length, made.total)}
          </Text>
        ) : null}
        <Text as="h3" variant="headingSm">
          {t.referralsReceived}
        </Text>
        {referredBy.length === 0 ? (
          <Text as="p">{t.referralsReceivedEmpty}</Text>
        ) : (
          <ReferralTable referrals={referredBy} otherHeading={referralsPage.columns.advocate} />
        )}
      </BlockStack>
    </Card>
  );
}
