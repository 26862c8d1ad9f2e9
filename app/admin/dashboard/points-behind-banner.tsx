// The dashboard's note that recent orders are still being counted, so stale figures are not taken for the truth.
import { Banner } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { dashboardStrings } from "~/admin/strings/dashboard";

export function PointsBehindBanner({ minutes }: { minutes: number }) {
  return (
    <Banner tone="info" title={dashboardStrings.behind.title(formatCount(minutes))}>
      <p>{dashboardStrings.behind.body}</p>
    </Banner>
  );
}
