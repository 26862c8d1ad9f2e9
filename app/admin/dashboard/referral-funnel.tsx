// The dashboard's referrals: what became of the orders that came with a referral, and why some were rejected.
import { DataTable } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import type { DashboardData } from "./dashboard-query.server";
import { Section } from "./dashboard-section";

function ReferralFunnel({ referrals }: { referrals: DashboardData["referrals"] }) {
  const reason = (key: string) => t.referrals.reasons[key] ?? t.referrals.otherReason(key);
  const rejectedTotal = referrals.rejected.reduce((sum, row) => sum + row.count, 0);
  const rows: [string, string][] = [
    [t.referrals.referredOrders, formatCount(referrals.referredOrders)],
    [t.referrals.rewarded, formatCount(referrals.rewarded)],
    [t.referrals.pending, formatCount(referrals.pending)],
    [t.referrals.cancelled, formatCount(referrals.cancelled)],
    [t.referrals.rejected, formatCount(rejectedTotal)],
    ...referrals.rejected.map((row): [string, string] => [`— ${reason(row.reason)}`, formatCount(row.count)]),
  ];
  return <DataTable columnContentTypes={["text", "numeric"]} headings={[t.referrals.columns.outcome, t.referrals.columns.orders]} rows={rows} />;
}

export function ReferralsSection({ referrals }: { referrals: DashboardData["referrals"] }) {
  return (
    <Section heading={t.referrals.heading} help={t.referrals.help}>
      <ReferralFunnel referrals={referrals} />
    </Section>
  );
}
