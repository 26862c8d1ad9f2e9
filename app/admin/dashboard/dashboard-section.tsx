// One card of the dashboard: a heading, what it shows, and its figures or chart.
import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export function Section({ heading, help, children }: { heading: string; help?: string; children: ReactNode }) {
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
