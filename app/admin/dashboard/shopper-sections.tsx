// The dashboard's shoppers: repeat purchases of members and of everyone else, member retention, lifetime value.
import { InlineGrid } from "@shopify/polaris";
import { formatCount, formatMoney } from "~/admin/format";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import { Figure } from "./dashboard-figure";
import type { DashboardData, ShopperRepeat } from "./dashboard-query.server";
import { Section } from "./dashboard-section";
import { formatPercent } from "./percent-format";

function repeatDetail(repeat: ShopperRepeat): string {
  return t.repeat.detail(formatCount(repeat.repeatShoppers), formatCount(repeat.shoppers));
}

export function RepeatSection({ repeat }: { repeat: DashboardData["repeat"] }) {
  return (
    <Section heading={t.repeat.heading} help={t.repeat.help}>
      <InlineGrid columns={2} gap="400">
        <Figure label={t.repeat.members} value={formatPercent(repeat.members.rate)} detail={repeatDetail(repeat.members)} />
        <Figure label={t.repeat.nonMembers} value={formatPercent(repeat.nonMembers.rate)} detail={repeatDetail(repeat.nonMembers)} />
      </InlineGrid>
    </Section>
  );
}

export function RetentionSection({ retention }: { retention: DashboardData["retention"] }) {
  return (
    <Section heading={t.retention.heading} help={t.retention.help}>
      <Figure
        label={t.retention.heading}
        value={formatPercent(retention.rate)}
        detail={t.retention.detail(formatCount(retention.atStart), formatCount(retention.atEnd), formatCount(retention.added))}
      />
    </Section>
  );
}

export function LifetimeValueSection({ lifetimeValue, currencyCode }: { lifetimeValue: DashboardData["lifetimeValue"]; currencyCode: string }) {
  return (
    <Section heading={t.lifetimeValue.heading} help={t.lifetimeValue.help}>
      <Figure
        label={t.lifetimeValue.heading}
        value={lifetimeValue.averageMinor === null ? null : formatMoney(lifetimeValue.averageMinor, currencyCode)}
        detail={t.lifetimeValue.detail(formatCount(lifetimeValue.customers))}
      />
    </Section>
  );
}
