// The dashboard's warning that updates from Shopify failed for good, with the way to the page that retries them.
import { Banner } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { deliveriesStrings } from "~/admin/strings/deliveries";

/** Updates from Shopify that failed for good leave points missing: the first thing a merchant should see. */
export function FailedDeliveriesBanner({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <Banner tone="warning" title={deliveriesStrings.dashboardBanner(formatCount(count))} action={{ content: deliveriesStrings.dashboardBannerAction, url: "/app/failed-deliveries" }}>
      <p>{deliveriesStrings.dashboardBannerBody}</p>
    </Banner>
  );
}
