// The dashboard's revenue: from members, from referred orders and from all orders, and revenue over time.
import { Box, InlineGrid, Text } from "@shopify/polaris";
import { formatMoney } from "~/admin/format";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import { RevenueChart } from "./dashboard-charts";
import { Figure } from "./dashboard-figure";
import type { DashboardData } from "./dashboard-query.server";
import { Section } from "./dashboard-section";

export function RevenueSection({ data, bucketNote }: { data: DashboardData; bucketNote: string }) {
  const money = (minor: number) => formatMoney(minor, data.currencyCode);
  return (
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
  );
}
