// One figure on the dashboard, with its name and what it counts.
import { BlockStack, Text } from "@shopify/polaris";
import { dashboardStrings as t } from "~/admin/strings/dashboard";

/** One figure with its name and what it counts. `value` null means there is nothing to compute it from. */
export function Figure({ label, value, help = "", detail }: { label: string; value: string | null; help?: string; detail?: string }) {
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
