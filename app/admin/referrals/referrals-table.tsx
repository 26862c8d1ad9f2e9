// The Referrals page's table: one row per referral, with the decisions a staff member can still take on it.
import { Form, Link, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, EmptyState, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { formatCount, formatPoints } from "../format";
import { formatDate, formatDateTime } from "../format-dates";
import { referralReason, referralStatusLabels, referralsPage as t } from "../strings/referrals";
import type { ReferralListing, ReferralsPage } from "./referrals-query.server";

function personLabel(person: ReferralListing["advocate"]): string {
  return person.name ?? (person.customerId ? t.friendCustomer(person.customerId) : t.guest);
}

function Person({ person }: { person: ReferralListing["advocate"] }) {
  const label = personLabel(person);
  return person.memberId ? <Link to={`/app/members/${person.memberId}`}>{label}</Link> : <span>{label}</span>;
}

function statusTone(status: string): "success" | "attention" | "critical" | undefined {
  if (status === "rewarded") return "success";
  if (status === "pending") return "attention";
  if (status === "rejected") return "critical";
  return undefined;
}

/** One decision as its own small form: Polaris buttons carry no name/value, so the intent rides in a hidden field. */
function DecisionButton({
  referralId,
  intent,
  label,
  accessibilityLabel,
  critical,
  busy,
  confirm,
}: {
  referralId: string;
  intent: "approve" | "reject";
  label: string;
  accessibilityLabel: string;
  critical?: boolean;
  busy: boolean;
  /** Asked before submitting, for a decision that takes points back. */
  confirm?: string;
}) {
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="referralId" value={referralId} />
      <input type="hidden" name="intent" value={intent} />
      <Button submit size="slim" tone={critical ? "critical" : undefined} disabled={busy} accessibilityLabel={accessibilityLabel}>
        {label}
      </Button>
    </Form>
  );
}

function Decisions({ referral }: { referral: ReferralListing }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("referralId") === referral.id;
  if (!referral.canApprove && !referral.canReject) return null;
  const advocate = personLabel(referral.advocate);
  const takesBack = referral.status === "rewarded" && referral.reward && !referral.reward.reversed ? referral.reward.points : null;
  return (
    <InlineStack gap="200" wrap={false}>
      {referral.canApprove ? (
        <DecisionButton referralId={referral.id} intent="approve" label={t.approve} accessibilityLabel={t.approveLabel(advocate)} busy={busy} />
      ) : null}
      {referral.canReject ? (
        <DecisionButton
          referralId={referral.id}
          intent="reject"
          critical
          label={takesBack !== null ? t.rejectRewarded : t.reject}
          accessibilityLabel={takesBack !== null ? t.rejectRewardedLabel(advocate, formatPoints(takesBack)) : t.rejectLabel(advocate)}
          confirm={takesBack !== null ? t.confirmTakeBack(advocate, formatPoints(takesBack)) : undefined}
          busy={busy}
        />
      ) : null}
    </InlineStack>
  );
}

function pageUrl(status: string, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  return `?${params.toString()}`;
}

export function ReferralsTable({ data }: { data: ReferralsPage }) {
  const { referrals, status, page, pageCount, total } = data;
  return (
    <IndexTable
      resourceName={t.resourceName}
      itemCount={referrals.length}
      selectable={false}
      headings={[
        { title: t.columns.date },
        { title: t.columns.advocate },
        { title: t.columns.friend },
        { title: t.columns.order },
        { title: t.columns.status },
        { title: t.columns.actions },
      ]}
      emptyState={
        <EmptyState heading={t.noMatches(referralStatusLabels[status] ?? status)} image="">
          <p />
        </EmptyState>
      }
      pagination={{
        hasPrevious: page > 1,
        hasNext: page < pageCount,
        previousURL: pageUrl(status, page - 1),
        nextURL: pageUrl(status, page + 1),
        label: t.pageLabel(formatCount(page), formatCount(pageCount), formatCount(total)),
      }}
    >
      {referrals.map((referral, index) => {
        const reason = referral.status === "rewarded" ? null : referralReason(referral.reason);
        return (
          <IndexTable.Row id={referral.id} key={referral.id} position={index}>
            <IndexTable.Cell>{formatDate(referral.createdAt)}</IndexTable.Cell>
            <IndexTable.Cell>
              <Person person={referral.advocate} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Person person={referral.friend} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <span>{t.order(referral.orderId)}</span>
                <Text as="span" variant="bodySm" tone="subdued">
                  {t.codeUsed(referral.code)}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              {/* Status, why and who decided share a cell that wraps, so the table fits beside the navigation at 1280 px. */}
              <div style={{ whiteSpace: "normal", minWidth: "12rem", maxWidth: "22rem" }}>
                <BlockStack gap="050">
                  <span>
                    <Badge tone={statusTone(referral.status)}>{referralStatusLabels[referral.status] ?? referral.status}</Badge>
                  </span>
                  {referral.status === "pending" && referral.rewardAt ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t.rewardDue(formatDate(referral.rewardAt))}
                    </Text>
                  ) : null}
                  {reason ? <Text as="span">{reason}</Text> : null}
                  <Text as="span" variant="bodySm" tone="subdued">
                    {referral.decidedBy && referral.decidedAt ? t.decidedBy(referral.decidedBy, formatDateTime(referral.decidedAt)) : t.automatic}
                  </Text>
                </BlockStack>
              </div>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Decisions referral={referral} />
            </IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}
