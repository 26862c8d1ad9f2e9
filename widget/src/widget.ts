// The launcher and its panel. Both are fixed-position and start hidden inside the root the app embed renders, so
// nothing on the merchant's page moves (no layout shift); the panel overlays the page and has a fixed size, so its
// content can load after it opens. The customer's data is fetched once, when the shopper first shows interest.
import { readCustomerResponse, type CustomerView } from "./customer-response";
import { h } from "./dom";
import { readableTextOn } from "./contrast";
import { createFormatter } from "./format";
import { intlLocale } from "./locale";
import type { Messages } from "./messages";
import { renderCustomer } from "./panel-content";
import type { WidgetConfig } from "./widget-config";
import type { InviteAnswer } from "./customer-response";

export function mountWidget(root: HTMLElement, config: WidgetConfig, messages: Messages): void {
  const locale = intlLocale(messages.locale, config.requestLocale);
  const f = createFormatter(messages, locale);
  root.classList.add("tally-widget", `tally-widget--${config.position}`);
  root.style.setProperty("--tally-accent", config.accent);
  root.style.setProperty("--tally-on-accent", readableTextOn(config.accent));
  root.style.setProperty("--tally-offset", `${config.offset}px`);
  root.lang = locale;

  // Buttons outside a form need no type="button", and handlers are set as properties: bytes the script's budget
  // needed back for the refer box (docs/storefront-widget.md#size).
  const launcher = h("button", { class: "tally-launcher", "aria-expanded": "false", "aria-controls": "tally-panel" });
  // Its star is drawn by widget.css: the script writes no markup into the page (docs/app-review.md).
  launcher.append(h("span", {}, f.t("launcher")));

  const title = h("h2", { id: "tally-title", class: "tally-title", tabindex: "-1" }, f.t("title"));
  const close = h("button", { class: "tally-close", "aria-label": f.t("close") }, "×");
  const body = h("div", "body");
  const status = h("p", { class: "tally-status", role: "status" });
  const panel = h(
    "div",
    { id: "tally-panel", class: "tally-panel", role: "dialog", "aria-labelledby": "tally-title", hidden: "" },
    h("div", "header", title, close),
    body,
    status,
  );
  root.append(launcher, panel);
  root.hidden = false;

  let view: CustomerView | null = null;
  let loading: Promise<void> | null = null;

  const show = (busy: boolean, ...nodes: Node[]) => {
    body.replaceChildren(...nodes);
    body.setAttribute("aria-busy", String(busy));
  };

  const failed = () => {
    const retry = h("button", "button", f.t("retry"));
    retry.onclick = () => void load();
    show(false, h("p", {}, f.t("loadFailed")), retry);
  };

  const actions = {
    async copyReferralLink(url: string, input: HTMLInputElement) {
      status.textContent = "";
      try {
        await navigator.clipboard.writeText(url);
        status.textContent = f.t("copied");
      } catch {
        input.focus();
        input.select();
        status.textContent = f.t("copyFailed");
      }
    },
    async invite(input: HTMLInputElement) {
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
    },
  };

  function load(): Promise<void> {
    if (view) return Promise.resolve();
    loading ??= (async () => {
      show(true, h("p", "hint", f.t("loading")));
      try {
        const response = await fetch(`${config.proxyPath}/customer`, { headers: { Accept: "application/json" } });
        view = response.ok ? readCustomerResponse(await response.json()) : null;
      } catch {
        view = null;
      }
      loading = null;
      if (view) show(false, ...renderCustomer(view, f, config, actions));
      else failed();
      // Replacing the content drops the focus of a shopper who pressed "Try again"; keep it in the panel.
      if (!panel.hidden && !panel.contains(document.activeElement)) title.focus();
    })();
    return loading;
  }

  const isOpen = () => !panel.hidden;

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    title.focus();
    void load();
  }

  function hide(returnFocus: boolean) {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    status.textContent = "";
    if (returnFocus) launcher.focus();
  }

  launcher.onclick = () => (isOpen() ? hide(false) : open());
  // Starting the request when the pointer or keyboard reaches the launcher saves a round trip on click.
  launcher.addEventListener("pointerenter", () => void load(), { once: true });
  launcher.addEventListener("focus", () => void load(), { once: true });
  close.onclick = () => hide(true);
  root.onkeydown = (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.stopPropagation();
      hide(true);
    }
  };
  document.addEventListener("pointerdown", (event) => {
    if (isOpen() && event.target instanceof Node && !root.contains(event.target)) hide(false);
  });
}
