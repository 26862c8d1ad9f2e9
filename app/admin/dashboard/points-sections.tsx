// The dashboard's points: members and points figures for the period, and points issued and redeemed over time.
import { InlineGrid } from "@shopify/polaris";
import { formatCount, formatMoney, formatPoints } from "~/admin/format";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import { PointsChart } from "./dashboard-charts";
import { Figure } from "./dashboard-figure";
import type { DashboardData } from "./dashboard-query.server";
import { Section } from "./dashboard-section";
import { formatPercent } from "./percent-format";

export function PointsFigures({ data }: { data: DashboardData }) {
  const money = (minor: number) => formatMoney(minor, data.currencyCode);
  const rate = t.points.rate(formatPoints(data.points.rate.points), money(data.points.rate.unitMinor));
  return (
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
  );
}

export function PointsOverTime({ charts, bucketNote }: { charts: DashboardData["charts"]; bucketNote: string }) {
  return (
    <Section heading={t.charts.pointsHeading} help={bucketNote}>
      <PointsChart
        issued={charts.issued}
        redeemed={charts.redeemed}
        names={{ issued: t.charts.issued, redeemed: t.charts.redeemed }}
        description={`${t.charts.pointsHeading}. ${bucketNote}`}
      />
    </Section>
  );
}
