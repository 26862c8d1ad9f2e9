// The dashboard's charts (Polaris Viz). Drawn in the browser only: Polaris Viz measures its container to lay
// the chart out, which a server render cannot do, so the server sends a placeholder of the chart's height.
import { BarChart, LineChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import { Box, Text } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";
import { formatMoney, formatPoints } from "~/admin/format";
import type { Bucket } from "./dashboard-metrics";

const HEIGHT = 260;
const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

function label(key: string | number | null): string {
  return typeof key === "string" ? dayLabel.format(new Date(`${key}T00:00:00Z`)) : String(key ?? "");
}

function series(name: string, buckets: Bucket[]): DataSeries {
  return { name, data: buckets.map((bucket) => ({ key: bucket.key, value: bucket.value })) };
}

function BrowserOnly({ children, description }: { children: ReactNode; description: string }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height: HEIGHT }} role="figure" aria-label={description}>
      {mounted ? (
        <PolarisVizProvider>{children}</PolarisVizProvider>
      ) : (
        <Box paddingBlock="400">
          <Text as="p" tone="subdued">
            {description}
          </Text>
        </Box>
      )}
    </div>
  );
}

export function PointsChart(props: { issued: Bucket[]; redeemed: Bucket[]; names: { issued: string; redeemed: string }; description: string }) {
  return (
    <BrowserOnly description={props.description}>
      <BarChart
        theme="Light"
        isAnimated={false}
        data={[series(props.names.issued, props.issued), series(props.names.redeemed, props.redeemed)]}
        xAxisOptions={{ labelFormatter: label }}
        yAxisOptions={{ labelFormatter: (value) => formatPoints(Number(value ?? 0)) }}
      />
    </BrowserOnly>
  );
}

export function RevenueChart(props: { revenue: Bucket[]; name: string; currencyCode: string; description: string }) {
  return (
    <BrowserOnly description={props.description}>
      <LineChart
        theme="Light"
        isAnimated={false}
        data={[series(props.name, props.revenue)]}
        xAxisOptions={{ labelFormatter: label }}
        yAxisOptions={{ labelFormatter: (value) => formatMoney(Number(value ?? 0), props.currencyCode) }}
      />
    </BrowserOnly>
  );
}
