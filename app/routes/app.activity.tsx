// Activity: the points ledger as a filterable feed, and the audit log of staff actions. Filters live in the URL.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Page, Pagination, Select, Tabs, Text, TextField } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { activitySearchSchema } from "~/admin/activity/activity-filters";
import { activityUrl } from "~/admin/activity/activity-links";
import { queryAuditFeed } from "~/admin/activity/audit-feed.server";
import { findShop } from "~/loyalty/program/shop-store.server";
import { AuditLogTable } from "~/admin/activity/audit-log-table";
import { LedgerFeedTable } from "~/admin/activity/ledger-feed-table";
import { MEMBER_MATCH_LIMIT, queryLedgerFeed } from "~/admin/activity/ledger-feed.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { activityStrings } from "~/admin/strings/activity";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";
import { TRANSFER_CODES } from "~/loyalty/ledger/transfer-codes";

const t = activityStrings;

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = activitySearchSchema.safeParse(params);
  if (!parsed.success) throw new Response(parsed.error.issues.map((issue) => issue.message).join(" "), { status: 400 });
  const search = parsed.data;
  const prisma = db().read;
  const filters = { code: search.code ?? "", member: search.member ?? "", from: search.from ?? "", to: search.to ?? "", action: search.action ?? "" };
  if (search.view === "audit") {
    const shopRecord = await findShop(prisma, shop);
    const audit = await queryAuditFeed(prisma, shop, search, shopRecord?.currencyCode ?? "USD");
    const anything = audit.events.length > 0 || (await prisma.auditEvent.findFirst({ where: { shop }, select: { id: true } })) !== null;
    return { view: "audit" as const, filters, audit, ledger: null, anything, memberMatchLimit: MEMBER_MATCH_LIMIT };
  }
  const ledger = await queryLedgerFeed(prisma, shop, search);
  const anything = ledger.entries.length > 0 || (await prisma.transfer.findFirst({ where: { shop }, select: { id: true } })) !== null;
  return { view: "ledger" as const, filters, ledger, audit: null, anything, memberMatchLimit: MEMBER_MATCH_LIMIT };
}

type Filters = ReturnType<typeof useLoaderData<typeof loader>>["filters"];

function LedgerFilters({ filters }: { filters: Filters }) {
  const f = t.ledger.filters;
  const [code, setCode] = useState(filters.code);
  const [member, setMember] = useState(filters.member);
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  const navigation = useNavigation();
  const codeOptions = [{ label: f.anyCode, value: "" }, ...TRANSFER_CODES.map((value) => ({ label: t.codes[value], value }))];
  return (
    <Form method="get" action="/app/activity">
      <BlockStack gap="200">
        <InlineStack gap="300" blockAlign="end" wrap>
          <Select label={f.code} name="code" options={codeOptions} value={code} onChange={setCode} />
          <div style={{ minWidth: "16rem", flexGrow: 1 }}>
            <TextField label={f.member} name="member" value={member} onChange={setMember} placeholder={f.memberPlaceholder} autoComplete="off" />
          </div>
          <TextField label={f.from} name="from" type="date" value={from} onChange={setFrom} autoComplete="off" />
          <TextField label={f.to} name="to" type="date" value={to} onChange={setTo} autoComplete="off" />
          <Button submit loading={navigation.state === "loading" && navigation.location.pathname === "/app/activity"}>
            {f.apply}
          </Button>
          <Button url="/app/activity" variant="plain">
            {f.clear}
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {f.datesNote}
        </Text>
      </BlockStack>
    </Form>
  );
}

function AuditFilters({ filters }: { filters: Filters }) {
  const [action, setAction] = useState(filters.action);
  const options = [{ label: t.audit.anyAction, value: "" }, ...Object.entries(t.audit.actions).map(([value, label]) => ({ label, value }))];
  return (
    <Form method="get" action="/app/activity">
      <input type="hidden" name="view" value="audit" />
      <InlineStack gap="300" blockAlign="end">
        <Select label={t.audit.filterLabel} name="action" options={options} value={action} onChange={setAction} />
        <Button submit>{t.audit.apply}</Button>
      </InlineStack>
    </Form>
  );
}

export default function Activity() {
  const data = useLoaderData<typeof loader>();
  const { filters } = data;
  const tabs = [
    { id: "ledger", content: t.tabs.ledger, url: activityUrl({}), panelID: "activity-panel" },
    { id: "audit", content: t.tabs.audit, url: activityUrl({ view: "audit" }), panelID: "activity-panel" },
  ];
  const pageLink = (cursor: string | null) =>
    cursor
      ? data.view === "audit"
        ? activityUrl({ view: "audit", action: filters.action, cursor })
        : activityUrl({ code: filters.code, member: filters.member, from: filters.from, to: filters.to, cursor })
      : undefined;
  const cursors = data.ledger ?? data.audit;
  const filterKey = JSON.stringify(filters);
  return (
    <Page title={t.title}>
      <Card padding="0">
        <Tabs tabs={tabs} selected={data.view === "audit" ? 1 : 0}>
          <div id="activity-panel">
            <Box padding="400">
              <BlockStack gap="300">
                <Text as="p" tone="subdued">
                  {data.view === "audit" ? t.audit.intro : t.ledger.intro}
                </Text>
                {data.view === "audit" ? <AuditFilters key={filterKey} filters={filters} /> : <LedgerFilters key={filterKey} filters={filters} />}
                {data.ledger?.memberMatch === "capped" ? <Banner tone="info">{t.ledger.tooManyMembers(data.memberMatchLimit)}</Banner> : null}
              </BlockStack>
            </Box>
            {data.audit ? (
              <AuditLogTable events={data.audit.events} emptyMessage={data.anything ? t.audit.empty : t.audit.emptyShop} />
            ) : data.ledger ? (
              <LedgerFeedTable
                entries={data.ledger.entries}
                emptyMessage={data.ledger.memberMatch === "none" ? t.ledger.noMemberMatch(filters.member) : data.anything ? t.ledger.empty : t.ledger.emptyShop}
              />
            ) : null}
            {cursors && (cursors.newerCursor || cursors.olderCursor) ? (
              <Box padding="300">
                <InlineStack align="center">
                  <Pagination
                    accessibilityLabel={t.ledger.pagination}
                    hasPrevious={cursors.newerCursor !== null}
                    previousURL={pageLink(cursors.newerCursor)}
                    previousTooltip={t.ledger.newer}
                    hasNext={cursors.olderCursor !== null}
                    nextURL={pageLink(cursors.olderCursor)}
                    nextTooltip={t.ledger.older}
                    label={`${t.ledger.newer} / ${t.ledger.older}`}
                  />
                </InlineStack>
              </Box>
            ) : null}
          </div>
        </Tabs>
      </Card>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
