// What a merchant reads about the updates from Shopify that Tally could not apply (failed webhook deliveries), on
// their page and on the dashboard.
import type { DeliverySubject } from "~/admin/failed-deliveries/delivery-subject";

export const deliveriesStrings = {
  title: "Failed deliveries",
  intro:
    "Shopify tells Tally about every paid, cancelled and refunded order and every new or changed customer. When Tally cannot apply one of these updates, it tries again for about four hours; the ones that still failed are listed here. Fix the cause if the error names one, then retry: Tally applies the update as if it had just arrived.",
  empty: "Every update from Shopify was applied.",
  emptyHelp: "Updates that Tally could not apply after all its attempts would appear here, with a way to retry them.",
  resource: { singular: "failed delivery", plural: "failed deliveries" },
  columns: { received: "Received", update: "Update", about: "About", error: "Why it failed", attempts: "Attempts", action: "" },
  topics: {
    "orders/paid": "Order paid",
    "orders/cancelled": "Order cancelled",
    "refunds/create": "Refund",
    "customers/create": "Customer created",
    "customers/update": "Customer updated",
  } as Record<string, string>,
  subject(subject: DeliverySubject): string {
    switch (subject.kind) {
      case "order":
        return subject.orderName ? `Order ${subject.orderName} (ID ${subject.orderId})` : `Order ID ${subject.orderId}`;
      case "refund":
        return subject.orderId ? `Refund ID ${subject.refundId} of order ID ${subject.orderId}` : `Refund ID ${subject.refundId}`;
      case "customer":
        return `Customer ID ${subject.customerId}`;
      case "unknown":
        return "Not readable";
    }
  },
  error: (message: string | null) => (message ? `The last attempt failed: ${message}` : "The last attempt failed without an error message."),
  more: (shown: string, total: string) => `Showing the ${shown} most recent of ${total} failed deliveries.`,
  retry: "Retry",
  retryLabel: (subject: string) => `Retry ${subject}`,
  retried: (subject: string) => `${subject} is queued again and will be applied in a moment.`,
  notFound: "This delivery was not found. Reload the page to see the current list.",
  notFailed: "This delivery is no longer failed: it was already queued again or applied. Reload the page to see the current list.",
  dashboardBanner: (count: string) =>
    count === "1" ? "1 update from Shopify could not be applied." : `${count} updates from Shopify could not be applied.`,
  dashboardBannerBody: "Points may be missing for the orders and customers concerned until they are applied.",
  dashboardBannerAction: "Review failed deliveries",
};
