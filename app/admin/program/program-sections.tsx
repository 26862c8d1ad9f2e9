// The Program page's sections other than tiers: earning, rewards, referrals, expiry, who takes part and customer data
// in Shopify.
import { BlockStack, Card, FormLayout, Layout, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { programStrings } from "~/admin/strings/program";
import { RuleCheckbox, RuleCollectionsField, RuleTextField } from "./rule-inputs";

const { sections, rewards } = programStrings;

export function EarningSection({ embedded }: { embedded: boolean }) {
  return (
    <Layout.AnnotatedSection id="earning" title={sections.earning.title} description={sections.earning.description}>
      <Card>
        <FormLayout>
          <FormLayout.Group>
            <RuleTextField name="earn.points" unit="points" />
            <RuleTextField name="earn.unitMinor" unit="money" />
          </FormLayout.Group>
          <RuleTextField name="earn.pendingDays" unit="days" />
          <RuleTextField name="signupBonus" unit="points" />
          <RuleTextField name="birthdayBonus" unit="points" />
          <RuleCheckbox name="earn.includeTestOrders" />
          <RuleCollectionsField name="earn.excludedCollectionIds" embedded={embedded} />
          <RuleCheckbox name="earn.includeShipping" />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}

/** The bonus campaigns (their own forms, outside the page's draft: `campaigns`). */
export function CampaignsSection({ campaigns }: { campaigns: ReactNode }) {
  return (
    <Layout.AnnotatedSection id="campaigns" title={programStrings.campaigns.heading} description={programStrings.campaigns.description}>
      {campaigns}
    </Layout.AnnotatedSection>
  );
}

/** The point value, then the catalogue (its own forms, outside the page's draft: `catalogue`). */
export function RewardsSection({ catalogue }: { catalogue: ReactNode }) {
  return (
    <Layout.AnnotatedSection id="rewards" title={sections.rewards.title} description={sections.rewards.description}>
      <BlockStack gap="400">
        <Card>
          <FormLayout>
            <Text as="h3" variant="headingSm">
              {rewards.pointValue}
            </Text>
            <FormLayout.Group>
              <RuleTextField name="redemption.points" unit="points" />
              <RuleTextField name="redemption.unitMinor" unit="money" />
            </FormLayout.Group>
            <RuleCheckbox name="redemption.returnPointsOnFullRefund" />
          </FormLayout>
        </Card>
        {catalogue}
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}

export function ReferralsSection() {
  return (
    <Layout.AnnotatedSection id="referrals" title={sections.referrals.title} description={sections.referrals.description}>
      <Card>
        <FormLayout>
          <FormLayout.Group>
            <RuleTextField name="referral.friendDiscountPercent" unit="percent" />
            <RuleTextField name="referral.advocatePoints" unit="points" />
          </FormLayout.Group>
          <RuleCheckbox name="referral.fraud.rejectSameEmail" />
          <RuleCheckbox name="referral.fraud.rejectSameAddress" />
          <Text as="p" tone="subdued">
            {programStrings.referralsAlways}
          </Text>
          <RuleCheckbox name="referral.milestone.enabled" />
          <FormLayout.Group>
            <RuleTextField name="referral.milestone.everyReferrals" />
            <RuleTextField name="referral.milestone.points" unit="points" />
          </FormLayout.Group>
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}

export function ExpirySection() {
  return (
    <Layout.AnnotatedSection id="expiry" title={sections.expiry.title} description={sections.expiry.description}>
      <Card>
        <FormLayout>
          <RuleCheckbox name="expiry.enabled" />
          <RuleTextField name="expiry.monthsWithoutPurchase" />
          <RuleCheckbox name="expiry.anyActivity" />
          <RuleTextField name="expiry.noticeDays" unit="days" />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}

/** Customers left out by tag, and the pause switch (docs/decisions/041-the-program-fits-the-shop.md). */
export function ParticipationSection() {
  return (
    <Layout.AnnotatedSection id="participation" title={sections.fit.title} description={sections.fit.description}>
      <Card>
        <FormLayout>
          <RuleTextField name="exclusions.customerTags" unit="text" />
          <RuleCheckbox name="paused" />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}

export function CustomerDataSection({ namespace }: { namespace: string | null }) {
  return (
    <Layout.AnnotatedSection id="customer-data" title={sections.customerData.title} description={sections.customerData.description}>
      <Card>
        <FormLayout>
          <Text as="p" tone="subdued">
            {namespace ? programStrings.customerData.namespace(namespace) : programStrings.customerData.noDefinitions}
          </Text>
          <RuleCheckbox name="customerData.tierTags" />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
