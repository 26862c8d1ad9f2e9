// A card holding a titled table that runs edge to edge, or a sentence when there is nothing to list yet.
import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export function TableCard({ title, empty, children }: { title: string; empty: string | null; children: ReactNode }) {
  return (
    <Card padding="0">
      <BlockStack gap="200">
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
        </div>
        {empty === null ? (
          children
        ) : (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
            <Text as="p">{empty}</Text>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
