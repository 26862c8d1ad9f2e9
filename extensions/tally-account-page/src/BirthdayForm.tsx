// The member's birthday on their account page: the program's birthday bonus, the birthday they gave (changeable once
// a year), or a month and a day to give. Shown only when the program pays a birthday bonus or a birthday is set.
import { useState } from "preact/hooks";
import type { ShopperApi } from "../../shared/shopper-api";
import type { MemberBirthday } from "../../shared/shopper-responses";
import { failureText, pointsText, t } from "../../shared/i18n";

type State = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; reason: string };

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const DAYS = Array.from({ length: 31 }, (_, index) => index + 1);

/** A birthday without a year in the shopper's language; 2000 is a leap year, so 29 February reads as itself. */
function birthdayText(birthday: { month: number; day: number }): string {
  return shopify.i18n.formatDate(new Date(Date.UTC(2000, birthday.month - 1, birthday.day)), { month: "long", day: "numeric", timeZone: "UTC" });
}

const monthName = (month: number) => shopify.i18n.formatDate(new Date(Date.UTC(2000, month - 1, 1)), { month: "long", timeZone: "UTC" });

export function BirthdayForm({ api, birthday, bonus, onSaved }: { api: ShopperApi; birthday: MemberBirthday | null; bonus: number; onSaved: () => Promise<void> }) {
  const i18n = shopify.i18n;
  const [month, setMonth] = useState(birthday ? String(birthday.month) : "");
  const [day, setDay] = useState(birthday ? String(birthday.day) : "");
  const [state, setState] = useState<State>({ kind: "idle" });
  const changeableFrom = birthday ? new Date(birthday.changeableFrom) : null;
  const locked = changeableFrom !== null && changeableFrom.getTime() > Date.now();

  async function save() {
    if (month === "" || day === "") {
      setState({ kind: "failed", reason: "invalid_birthday" });
      return;
    }
    setState({ kind: "saving" });
    const result = await api.giveBirthday(Number(month), Number(day));
    if (!result.ok) {
      setState({ kind: "failed", reason: result.reason });
      return;
    }
    setState({ kind: "saved" });
    await onSaved();
  }

  return (
    <s-stack gap="small-200">
      {bonus > 0 && <s-text>{pointsText(i18n, "birthday.bonus", bonus)}</s-text>}
      {birthday && <s-text type="strong">{t(i18n, "birthday.current", { date: birthdayText(birthday) })}</s-text>}
      {state.kind === "saved" && <s-banner tone="success">{t(i18n, "birthday.saved")}</s-banner>}
      {state.kind === "failed" && <s-banner tone="critical">{failureText(i18n, state.reason)}</s-banner>}
      {locked && changeableFrom ? (
        <s-text color="subdued">{t(i18n, "birthday.locked", { date: i18n.formatDate(changeableFrom, { dateStyle: "long" }) })}</s-text>
      ) : (
        <>
          <s-text color="subdued">{t(i18n, birthday ? "birthday.changeOnce" : "birthday.giveOnce")}</s-text>
          <s-stack direction="inline" gap="small-200">
            <s-select label={t(i18n, "birthday.month")} value={month} onChange={(event: Event) => setMonth((event.currentTarget as HTMLSelectElement).value)}>
              {MONTHS.map((value) => (
                <s-option key={value} value={String(value)}>
                  {monthName(value)}
                </s-option>
              ))}
            </s-select>
            <s-select label={t(i18n, "birthday.day")} value={day} onChange={(event: Event) => setDay((event.currentTarget as HTMLSelectElement).value)}>
              {DAYS.map((value) => (
                <s-option key={value} value={String(value)}>
                  {i18n.formatNumber(value)}
                </s-option>
              ))}
            </s-select>
          </s-stack>
          <s-button variant="secondary" loading={state.kind === "saving"} onClick={() => void save()}>
            {t(i18n, "birthday.save")}
          </s-button>
        </>
      )}
    </s-stack>
  );
}
