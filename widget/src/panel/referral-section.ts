// Referring friends: the friend's offer, and for a member their link with a copy button and the refer box, which
// has Tally email a friend an invitation (POST /apps/tally/invite; docs/emails.md).
import type { InviteAnswer, Program } from "../customer-response";
import { h } from "../dom";
import type { Formatter } from "../format";
import { section } from "./section";
import type { MemberView, PanelContext, Section, VisitorView } from "./panel-context";

function referralOffer(program: Program, f: Formatter): HTMLElement | null {
  return program.friendDiscountPercent ? h("p", {}, f.t("referralOffer", { percent: f.percent(program.friendDiscountPercent) })) : null;
}

async function copyLink(url: string, input: HTMLInputElement, { f, status }: PanelContext) {
  status.textContent = "";
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = f.t("copied");
  } catch {
    input.focus();
    input.select();
    status.textContent = f.t("copyFailed");
  }
}

async function invite(input: HTMLInputElement, { f, status, config }: PanelContext) {
  status.textContent = "";
  try {
    // Same-origin fetches send the storefront's cookies by default; the server reads the body as JSON whatever its type.
    const response = await fetch(`${config.proxyPath}/invite`, { method: "POST", body: JSON.stringify({ email: input.value }) });
    // Sent, refused (too many, own address) or an error: the server words each in the shopper's language.
    const answer = (await response.json()) as InviteAnswer;
    status.textContent = answer.message ?? answer.error?.message ?? "";
    if (answer.sent) input.value = "";
  } catch {
    status.textContent = f.t("loadFailed");
  }
}

export const visitorReferralSection: Section<VisitorView> = ({ program }, { f }) => {
  const offer = referralOffer(program, f);
  return offer && section(f.t("referral"), offer);
};

export const memberReferralSection: Section<MemberView> = ({ referralUrl: url, program }, context) => {
  if (!url) return null;
  const { f } = context;
  const input = h("input", { id: "tally-referral-url", class: "tally-input", type: "text", readonly: "", value: url }) as HTMLInputElement;
  const copy = h("button", "button", f.t("copy"));
  copy.onclick = () => void copyLink(url, input, context);
  input.onfocus = () => input.select();
  const friend = h("input", { id: "tally-invite", class: "tally-input", type: "email", required: "" }) as HTMLInputElement;
  const form = h("form", "copy", friend, h("button", "button", f.t("invite")));
  form.onsubmit = (event) => {
    event.preventDefault();
    void invite(friend, context);
  };
  return section(
    f.t("referral"),
    referralOffer(program, f),
    h("label", { class: "tally-label", for: "tally-referral-url" }, f.t("referralLink")),
    h("div", "copy", input, copy),
    h("label", { class: "tally-label", for: "tally-invite" }, f.t("inviteLabel")),
    form,
  );
};
