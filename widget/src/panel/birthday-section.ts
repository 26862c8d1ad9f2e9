// The member's birthday: the one they gave, or, when the program pays a birthday bonus and it may change (a year
// after it was last given), a month and a day to send (POST /apps/tally/birthday; docs/shopper-api.md). The server
// words the answer in the shopper's language; it goes to the panel's status line, and the panel reloads.
import type { BirthdayAnswer } from "../customer-response";
import { h } from "../dom";
import { section } from "./section";
import type { MemberView, PanelContext, Section } from "./panel-context";

/** A select of `count` numbered options (1…count), each worded by `label`, named `name` for screen readers. */
function numbered(name: string, count: number, label: (n: number) => string, chosen: number | undefined): HTMLSelectElement {
  const select = h("select", { class: "tally-input", "aria-label": name }) as HTMLSelectElement;
  for (let n = 1; n <= count; n++) select.append(h("option", n === chosen ? { value: String(n), selected: "" } : { value: String(n) }, label(n)));
  return select;
}

async function send(month: HTMLSelectElement, day: HTMLSelectElement, { f, status, config, reload }: PanelContext) {
  status.textContent = "";
  try {
    // Same-origin fetches send the storefront's cookies by default; the server reads the body as JSON whatever its type.
    const response = await fetch(`${config.proxyPath}/birthday`, { method: "POST", body: JSON.stringify({ month: Number(month.value), day: Number(day.value) }) });
    const answer = (await response.json()) as BirthdayAnswer;
    status.textContent = answer.message ?? answer.error?.message ?? "";
    if (response.ok) reload();
  } catch {
    status.textContent = f.t("loadFailed");
  }
}

export const birthdaySection: Section<MemberView> = ({ birthday, program }, context) => {
  const { f } = context;
  const bonus = program.waysToEarn.find((way) => way.kind === "birthday");
  if (!bonus && !birthday) return null;
  const given = birthday && h("p", {}, f.t("birthdaySet", { date: f.monthDay(birthday.month, birthday.day) }));
  if (!bonus || (birthday && Date.parse(birthday.changeableFrom) > Date.now())) return section(f.t("birthday"), given);
  const month = numbered(f.t("birthdayMonth"), 12, (n) => f.monthDay(n), birthday?.month);
  const date = numbered(f.t("birthdayDay"), 31, String, birthday?.day);
  const form = h("form", "copy", month, date, h("button", "button", f.t("birthdaySave")));
  form.onsubmit = (event) => {
    event.preventDefault();
    void send(month, date, context);
  };
  return section(
    f.t("birthday"),
    given ?? h("p", {}, f.t("earnBirthday", { points: f.points(bonus.points) })),
    form,
  );
};
