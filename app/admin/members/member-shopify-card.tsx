// The customer's metafields in Shopify as Tally last wrote them, and whether a write is on its way.
import { BlockStack, Card, Text } from "@shopify/polaris";
import { formatPoints } from "../format";
import { formatDateTime } from "../format-dates";
import { memberDetail as t } from "../strings/members";
import type { MemberMetafields } from "./member-metafields.server";

export function MemberShopifyCard({ metafields }: { metafields: MemberMetafields }) {
  const { written } = metafields;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t.shopifyHeading}
        </Text>
        <Text as="p" tone="subdued">
          {t.shopifyIntro}
        </Text>
        {written ? (
          <>
            <Text as="p">{t.shopifyValues(formatPoints(written.points), written.tier, written.referralCode)}</Text>
            {written.tierTag ? <Text as="p">{t.shopifyTag(written.tierTag)}</Text> : null}
            <Text as="p" tone="subdued">
              {t.shopifyWritten(formatDateTime(written.at))}
            </Text>
          </>
        ) : (
          <Text as="p">{t.shopifyNever}</Text>
        )}
        {metafields.retrying ? <Text as="p" tone="caution">{t.shopifyRetrying}</Text> : metafields.waiting ? <Text as="p">{t.shopifyWaiting}</Text> : null}
      </BlockStack>
    </Card>
  );
}
