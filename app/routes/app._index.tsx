// The Dashboard: the shop's loyalty figures for a period, read live on every load.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, Layout, Page } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { periodErrors, periodQuerySchema, resolvePeriod } from "~/admin/dashboard/dashboard-period";
import { loadDashboard } from "~/admin/dashboard/dashboard-query.server";
import { FailedDeliveriesBanner } from "~/admin/dashboard/failed-deliveries-banner";
import { PeriodPicker } from "~/admin/dashboard/period-picker";
import { PointsBehindBanner } from "~/admin/dashboard/points-behind-banner";
import { loadMinutesBehind } from "~/admin/dashboard/points-behind-query.server";
import { PointsFigures, PointsOverTime } from "~/admin/dashboard/points-sections";
import { ReferralsSection } from "~/admin/dashboard/referral-funnel";
import { RevenueSection } from "~/admin/dashboard/revenue-section";
import { LifetimeValueSection, RepeatSection, RetentionSection } from "~/admin/dashboard/shopper-sections";
import { countFailedDeliveries } from "~/admin/failed-deliveries/failed-deliveries.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = periodQuerySchema.safeParse(params);
  if (!query.success) throw new Response(periodErrors(query.error).join(" "), { status: 400 });
  const now = new Date();
  const [dashboard, failedDeliveries, minutesBehind] = await Promise.all([
    loadDashboard(db(), shop, resolvePeriod(query.data, now)),
    countFailedDeliveries(db().read, shop),
    loadMinutesBehind(db().read, shop, now),
  ]);
  return { ...dashboard, failedDeliveries, minutesBehind };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const bucketNote = data.period.bucket === "day" ? t.charts.byDay : t.charts.byWeek;
  return (
    <Page title={t.title} subtitle={t.subtitle(data.period.fromDay, data.period.toDay)}>
      <Layout>
        {data.minutesBehind !== null ? (
          <Layout.Section>
            <PointsBehindBanner minutes={data.minutesBehind} />
          </Layout.Section>
        ) : null}
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
          <PointsFigures data={data} />
        </Layout.Section>
        <Layout.Section>
          <PointsOverTime charts={data.charts} bucketNote={bucketNote} />
        </Layout.Section>
        <Layout.Section>
          <RevenueSection data={data} bucketNote={bucketNote} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <RepeatSection repeat={data.repeat} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <RetentionSection retention={data.retention} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <LifetimeValueSection lifetimeValue={data.lifetimeValue} currencyCode={data.currencyCode} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <ReferralsSection referrals={data.referrals} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
