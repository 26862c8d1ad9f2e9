// Tally's full page in the customer account (customer-account.page.render): balance, tier and progress, rewards
// to redeem and the shop's other places to redeem them (extensions/shared/redeem-where.ts), the ways to earn (following the shop among them), the referral link and the friends referred, the
// member's birthday, and the points history.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { shopperApi, type ShopperApi } from "../../shared/shopper-api";
import type { SignedInSummary } from "../../shared/shopper-responses";
import { countText, failureText, pointsText, t } from "../../shared/i18n";
import { ReferralShare } from "../../shared/ReferralShare";
import { dateText, expiryText, RewardList } from "./RewardList";
import { HistoryList } from "./HistoryList";
import { BirthdayForm } from "./BirthdayForm";
import { WaysToEarn } from "./WaysToEarn";
import { redeemWhereKey } from "../../shared/redeem-where";
import type { RedeemPlace } from "../../../app/loyalty/redemption/redeem-places";

export default async () => {
  render(<Extension />, document.body);
};

type MemberSummary = SignedInSummary & { redeemAt: RedeemPlace[] };
type Page = { kind: "loading" } | { kind: "member"; summary: MemberSummary } | { kind: "unavailable"; reason: string };

function Extension() {
  const [api] = useState<ShopperApi>(() => shopperApi(shopify.sessionToken, shopify.localization.extensionLanguage.value.isoCode));
  const [page, setPage] = useState<Page>({ kind: "loading" });

  async function load() {
    const result = await api.summary();
    if (result.ok && result.value.signedIn) setPage({ kind: "member", summary: result.value });
    else setPage({ kind: "unavailable", reason: result.ok ? "unauthorized" : result.reason });
  }

  useEffect(() => {
    void load();
    // `load` only closes over the stable api.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const i18n = shopify.i18n;
  return (
    <s-page heading={t(i18n, "title")}>
      {page.kind === "loading" && <s-spinner accessibilityLabel={t(i18n, "title")} />}
      {page.kind === "unavailable" && <s-banner tone="critical">{failureText(i18n, page.reason)}</s-banner>}
      {page.kind === "member" && <Member api={api} summary={page.summary} onRedeemed={load} />}
    </s-page>
  );
}

function Member({ api, summary, onRedeemed }: { api: ShopperApi; summary: MemberSummary; onRedeemed: () => Promise<void> }) {
  const i18n = shopify.i18n;
  const { balance, tier, referral, codes } = summary;
  return (
    <s-stack gap="base">
      <s-section heading={t(i18n, "balance.heading")}>
        <s-stack gap="small-200">
          <s-heading>{pointsText(i18n, "balance.available", balance.available)}</s-heading>
          {summary.standing && <s-text>{failureText(i18n, summary.standing === "paused" ? "program_paused" : "not_in_program")}</s-text>}
          {balance.owed !== undefined && <s-text>{pointsText(i18n, "balance.owed", balance.owed)}</s-text>}
          {balance.pending > 0 && <s-text color="subdued">{pointsText(i18n, "balance.pending", balance.pending)}</s-text>}
          {summary.expiry && <s-text>{pointsText(i18n, "balance.expiry", summary.expiry.points, { date: dateText(summary.expiry.expiresAt) })}</s-text>}
        </s-stack>
      </s-section>

      {tier !== null && (
        <s-section heading={t(i18n, "tier.heading")}>
          <s-stack gap="small-200">
            <s-text type="strong">{t(i18n, "tier.current", { tier: tier.name })}</s-text>
            {tier.kept !== undefined && <s-text>{tier.kept}</s-text>}
            {tier.progress === null ? (
              <s-text color="subdued">{t(i18n, "tier.top")}</s-text>
            ) : (
              <>
                <s-progress value={tier.progress.percent} max={100} accessibilityLabel={t(i18n, "tier.percent", { percent: i18n.formatNumber(Math.floor(tier.progress.percent)), tier: tier.progress.nextTierName })} />
                <s-text color="subdued">
                  {tier.progress.remaining === null
                    ? t(i18n, "tier.percent", { percent: i18n.formatNumber(Math.floor(tier.progress.percent)), tier: tier.progress.nextTierName })
                    : t(i18n, "tier.remaining", { remaining: tier.progress.remaining, tier: tier.progress.nextTierName })}
                </s-text>
              </>
            )}
          </s-stack>
        </s-section>
      )}

      <s-section heading={t(i18n, "rewards.heading")}>
        <s-stack gap="base">
          <RewardList api={api} summary={summary} onRedeemed={onRedeemed} />
          {/* This page is itself a place to redeem: the others are named beside it. */}
          <s-text color="subdued">{t(i18n, redeemWhereKey(summary.redeemAt, "account"))}</s-text>
        </s-stack>
      </s-section>

      {codes.length > 0 && (
        <s-section heading={t(i18n, "codes.heading")}>
          <s-unordered-list>
            {codes.map((code) => (
              <s-list-item key={code.code}>
                {t(i18n, "codes.item", { reward: code.title, code: code.code })} · {t(i18n, "rewards.expires", { date: expiryText(code.expiresAt) })}
              </s-list-item>
            ))}
          </s-unordered-list>
        </s-section>
      )}

      {summary.waysToEarn.length > 0 && (
        <s-section heading={t(i18n, "earn.heading")}>
          <WaysToEarn api={api} summary={summary} onCredited={onRedeemed} />
        </s-section>
      )}

      <s-section heading={t(i18n, "share.heading")}>
        <s-stack gap="base">
          <ReferralShare referral={referral} i18n={i18n} />
          <s-heading>{t(i18n, "referrals.heading")}</s-heading>
          {referral.made === 0 ? (
            <s-text color="subdued">{t(i18n, "referrals.none")}</s-text>
          ) : (
            <s-stack gap="small-100">
              <s-text>{countText(i18n, "referrals.made", referral.made, "friends")}</s-text>
              {referral.rewarded > 0 && <s-text color="subdued">{countText(i18n, "referrals.rewarded", referral.rewarded, "friends")}</s-text>}
              {referral.pending > 0 && <s-text color="subdued">{countText(i18n, "referrals.pending", referral.pending, "friends")}</s-text>}
            </s-stack>
          )}
        </s-stack>
      </s-section>

      {(summary.birthdayBonus > 0 || summary.birthday !== null) && (
        <s-section heading={t(i18n, "birthday.heading")}>
          <BirthdayForm api={api} birthday={summary.birthday} bonus={summary.birthdayBonus} onSaved={onRedeemed} />
        </s-section>
      )}

      <s-section heading={t(i18n, "history.heading")}>
        <HistoryList history={summary.history} />
      </s-section>
    </s-stack>
  );
}
