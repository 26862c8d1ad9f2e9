import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState, type ReactNode } from "react";
import { PointsChart, RevenueChart } from "~/admin/dashboard/dashboard-charts";
import { periodErrors, periodQuerySchema, resolvePeriod, type Preset } from "~/admin/dashboard/dashboard-period";
import { loadDashboard, type DashboardData, type ShopperRepeat } from "~/admin/dashboard/dashboard-query.server";
import { formatPercent } from "~/admin/dashboard/percent-format";
import { countFailedDeliveries } from "~/admin/failed-deliveries/failed-deliveries.server";
import { formatCount, formatMoney, formatPoints } from "~/admin/format";
import { requireStaff } from "~/admin/staff-auth.server";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import { deliveriesStrings } from "~/admin/strings/deliveries";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = periodQuerySchema.safeParse(params);
  if (!query.success) throw new Response(periodErrors(query.error).join(" "), { status: 400 });
  const [dashboard, failedDeliveries] = await Promise.all([loadDashboard(db(), shop, resolvePeriod(query.data, new Date())), countFailedDeliveries(db().prisma, shop)]);
  return { ...dashboard, failedDeliveries };
}

/** Updates from Shopify that failed for good leave points missing: the first thing a merchant should see. */
function FailedDeliveriesBanner({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <Banner tone="warning" title={deliveriesStrings.dashboardBanner(formatCount(count))} action={{ content: deliveriesStrings.dashboardBannerAction, url: "/app/failed-deliveries" }}>
      <p>{deliveriesStrings.dashboardBannerBody}</p>
    </Banner>
  );
}

const PRESETS: (Preset | "custom")[] = ["7d", "30d", "90d", "365d", "custom"];

function PeriodPicker({ period }: { period: DashboardData["period"] }) {
  const [preset, setPreset] = useState<string>(period.preset);
  const [from, setFrom] = useState(period.fromDay);
  const [to, setTo] = useState(period.toDay);
  const navigation = useNavigation();
  return (
    <Form method="get">
      <InlineStack gap="300" blockAlign="end">
        <Select label={t.period.label} name="period" options={PRESETS.map((value) => ({ value, label: t.period.presets[value] }))} value={preset} onChange={setPreset} />
        {preset === "custom" ? (
          <>
            <TextField label={t.period.from} name="from" type="date" value={from} onChange={setFrom} autoComplete="off" />
            <TextField label={t.period.to} name="to" type="date" value={to} onChange={setTo} autoComplete="off" />
          </>
        ) : null}
        <Button submit loading={navigation.state === "loading" && navigation.location.pathname === "/app"}>
          {t.period.apply}
        </Button>
      </InlineStack>
    </Form>
  );
}

/** One figure with its name and what it counts. `value` null means there is nothing to compute it from. */
function Figure({ label, value, help = "", detail }: { label: string; value: string | null; help?: string; detail?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm">
        {label}
      </Text>
      <Text as="p" variant="headingLg" numeric>
        {value ?? t.notAvailable}
      </Text>
      {detail ? (
        <Text as="p" variant="bodySm">
          {detail}
        </Text>
      ) : null}
      {value === null || help ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {value === null ? `${t.notAvailableHelp} ${help}`.trim() : help}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function Section({ heading, help, children }: { heading: string; help?: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {heading}
          </Text>
          {help ? (
            <Text as="p" tone="subdued">
              {help}
            </Text>
          ) : null}
        </BlockStack>
        {children}
      </BlockStack>
    </Card>
  );
}

function repeatDetail(repeat: ShopperRepeat): string {
  return t.repeat.detail(formatCount(repeat.repeatShoppers), formatCount(repeat.shoppers));
}

function ReferralFunnel({ referrals }: { referrals: DashboardData["referrals"] }) {
  const reason = (key: string) => t.referrals.reasons[key] ?? t.referrals.otherReason(key);
  const rejectedTotal = referrals.rejected.reduce((sum, row) => sum + row.count, 0);
  const rows: [string, string][] = [
    [t.referrals.referredOrders, formatCount(referrals.referredOrders)],
    [t.referrals.rewarded, formatCount(referrals.rewarded)],
    [t.referrals.pending, formatCount(referrals.pending)],
    [t.referrals.cancelled, formatCount(referrals.cancelled)],
    [t.referrals.rejected, formatCount(rejectedTotal)],
    ...referrals.rejected.map((row): [string, string] => [`— ${reason(row.reason)}`, formatCount(row.count)]),
  ];
  return <DataTable columnContentTypes={["text", "numeric"]} headings={[t.referrals.columns.outcome, t.referrals.columns.orders]} rows={rows} />;
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const money = (minor: number) => formatMoney(minor, data.currencyCode);
  const rate = t.points.rate(formatPoints(data.points.rate.points), money(data.points.rate.unitMinor));
  const bucketNote = data.period.bucket === "day" ? t.charts.byDay : t.charts.byWeek;
  return (
    <Page title={t.title} subtitle={t.subtitle(data.period.fromDay, data.period.toDay)}>
      <Layout>
        {data.failedDeliveries > 0 ? (
          <Layout.Section>
            <FailedDeliveriesBanner count={data.failedDeliveries} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <PeriodPicker key={`${data.period.preset}:${data.period.fromDay}:${data.period.toDay}`} period={data.period} />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Section heading={t.points.heading}>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
              <Figure label={t.members.total} value={formatCount(data.members.total)} detail={t.members.new(formatCount(data.members.joined))} help={t.members.totalHelp} />
              <Figure label={t.points.issued} value={formatPoints(data.points.issued)} help={t.points.issuedHelp} />
              <Figure label={t.points.redeemed} value={formatPoints(data.points.redeemed)} help={t.points.redeemedHelp} />
              <Figure label={t.points.expired} value={formatPoints(data.points.expired)} help={t.points.expiredHelp} />
              <Figure label={t.points.outstanding} value={formatPoints(data.points.outstanding)} help={t.points.outstandingHelp} />
              <Figure label={t.points.liability} value={money(data.points.liabilityMinor)} help={t.points.liabilityHelp(rate)} />
              <Figure label={t.points.redemptionRate} value={formatPercent(data.points.redemptionRate)} help={t.points.redemptionRateHelp} />
            </InlineGrid>
          </Section>
        </Layout.Section>
        <Layout.Section>
          <Section heading={t.charts.pointsHeading} help={bucketNote}>
            <PointsChart
              issued={data.charts.issued}
              redeemed={data.charts.redeemed}
              names={{ issued: t.charts.issued, redeemed: t.charts.redeemed }}
              description={`${t.charts.pointsHeading}. ${bucketNote}`}
            />
          </Section>
        </Layout.Section>
        <Layout.Section>
          <Section heading={t.revenue.heading} help={t.revenue.help}>
            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
              <Figure label={t.revenue.members} value={money(data.revenue.membersMinor)} />
              <Figure label={t.revenue.referred} value={money(data.revenue.referredMinor)} help={t.revenue.referredHelp} />
              <Figure label={t.revenue.all} value={money(data.revenue.allMinor)} />
            </InlineGrid>
            <Box>
              <Text as="h3" variant="headingSm">
                {t.charts.revenueHeading}
              </Text>
              <RevenueChart revenue={data.charts.revenue} name={t.charts.revenue} currencyCode={data.currencyCode} description={`${t.charts.revenueHeading}. ${bucketNote}`} />
            </Box>
          </Section>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Section heading={t.repeat.heading} help={t.repeat.help}>
            <InlineGrid columns={2} gap="400">
              <Figure label={t.repeat.members} value={formatPercent(data.repeat.members.rate)} detail={repeatDetail(data.repeat.members)} />
              <Figure label={t.repeat.nonMembers} value={formatPercent(data.repeat.nonMembers.rate)} detail={repeatDetail(data.repeat.nonMembers)} />
            </InlineGrid>
          </Section>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Section heading={t.retention.heading} help={t.retention.help}>
            <Figure
              label={t.retention.heading}
              value={formatPercent(data.retention.rate)}
              detail={t.retention.detail(formatCount(data.retention.atStart), formatCount(data.retention.atEnd), formatCount(data.retention.added))}
            />
          </Section>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Section heading={t.lifetimeValue.heading} help={t.lifetimeValue.help}>
            <Figure
              label={t.lifetimeValue.heading}
              value={data.lifetimeValue.averageMinor === null ? null : money(data.lifetimeValue.averageMinor)}
              detail={t.lifetimeValue.detail(formatCount(data.lifetimeValue.customers))}
            />
          </Section>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Section heading={t.referrals.heading} help={t.referrals.help}>
            <ReferralFunnel referrals={data.referrals} />
          </Section>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
