// The members list as Polaris renders it: one row per member with balances, tier and progress to the next tier.
import { Link } from "@remix-run/react";
import { Badge, BlockStack, EmptyState, IndexTable, ProgressBar, Text } from "@shopify/polaris";
import { formatCount, formatPoints, formatTierAmount } from "../format";
import { formatDate } from "../format-dates";
import { en } from "../strings/en";
import { membersList } from "../strings/members";
import type { MembersPage } from "./members-query.server";
import noMembersImage from "./no-members.svg?url";

const t = en.members;

function displayName(firstName: string | null, lastName: string | null): string {
  return [firstName, lastName].filter(Boolean).join(" ") || t.noName;
}

/** The list's URL with the same search, filter and sort, on another page. */
function pageUrl(data: MembersPage, page: number): string {
  const params = new URLSearchParams();
  if (data.search) params.set("q", data.search);
  if (data.tier) params.set("tier", data.tier);
  params.set("sort", data.sort);
  params.set("order", data.order);
  if (page > 1) params.set("page", String(page));
  return `?${params.toString()}`;
}

export function NoMembers() {
  return (
    <EmptyState heading={t.emptyHeading} image={noMembersImage}>
      <p>{t.emptyBody}</p>
    </EmptyState>
  );
}

export function MembersTable({ data }: { data: MembersPage }) {
  const { members, currencyCode, tierMeasure, search, page, pageCount, total } = data;
  const tierName = data.tiers.find((tier) => tier.key === data.tier)?.name;
  const rows = members.map((member, index) => (
    <IndexTable.Row id={member.id} key={member.id} position={index}>
      <IndexTable.Cell>
        <Link to={`/app/members/${member.id}`}>
          <Text as="span" fontWeight="semibold">
            {displayName(member.firstName, member.lastName)}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>{member.email ?? t.noEmail}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge>{member.tierName}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatPoints(member.available)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={member.pendingCredit > 0 ? undefined : "subdued"}>
          {formatPoints(member.pendingCredit)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatPoints(member.lifetimeEarned)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDate(member.joinedAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        {member.nextTier ? (
          <BlockStack gap="100">
            <ProgressBar progress={member.nextTier.percent} size="small" ariaLabelledBy={`progress-${member.id}`} />
            <Text as="span" variant="bodySm" tone="subdued" id={`progress-${member.id}`}>
              {t.toNextTier(formatTierAmount(member.nextTier.remainingAmount, tierMeasure, currencyCode), member.nextTier.name)}
            </Text>
          </BlockStack>
        ) : (
          <Text as="span" variant="bodySm" tone="subdued">
            {t.topTier}
          </Text>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <IndexTable
      resourceName={t.resourceName}
      itemCount={members.length}
      selectable={false}
      headings={[
        { title: t.columns.name },
        { title: t.columns.email },
        { title: t.columns.tier },
        { title: t.columns.available, alignment: "end" },
        { title: t.columns.pending, alignment: "end" },
        { title: t.columns.lifetimeEarned, alignment: "end" },
        { title: membersList.joinedColumn },
        { title: t.columns.progress },
      ]}
      emptyState={
        <EmptyState heading={t.noMatchesHeading} image={noMembersImage}>
          <p>{search ? t.noMatchesBody(search) : membersList.noMatchesInTier(tierName ?? data.tier)}</p>
        </EmptyState>
      }
      pagination={{
        hasPrevious: page > 1,
        hasNext: page < pageCount,
        previousURL: pageUrl(data, page - 1),
        nextURL: pageUrl(data, page + 1),
        label: t.pageLabel(formatCount(page), formatCount(pageCount), total, formatCount(total)),
      }}
    >
      {rows}
    </IndexTable>
  );
}
