// The launcher and the panel's frame (header, body, status line). Both are fixed-position and start hidden inside
// the root the app embed renders, so nothing on the merchant's page moves (no layout shift); the panel overlays the
// page and has a fixed size, so its content can arrive after it opens. When the shopper first shows interest, the
// panel's script (tally-panel.js, panel-api.ts) and the customer's data are fetched together; the script draws
// the content.
import { h } from "./dom";
import { readableTextOn } from "./contrast";
import type { LauncherStrings } from "./launcher-strings";
import { intlLocale } from "./locale";
import type { CreatePanel, RenderPanel } from "./panel-api";
import type { WidgetConfig } from "./widget-config";

export function mountWidget(root: HTMLElement, config: WidgetConfig, strings: LauncherStrings, messages: unknown): void {
  const locale = intlLocale(strings.locale, config.requestLocale);
  root.classList.add("tally-widget", `tally-widget--${config.position}`);
  root.style.setProperty("--tally-accent", config.accent);
  root.style.setProperty("--tally-on-accent", readableTextOn(config.accent));
  root.style.setProperty("--tally-offset", `${config.offset}px`);
  root.lang = locale;

  // Buttons outside a form need no type="button", and handlers are set as properties: bytes the script's budget
  // needed back (docs/storefront-widget.md#size).
  const launcher = h("button", { class: "tally-launcher", "aria-expanded": "false", "aria-controls": "tally-panel" });
  // Its star is drawn by widget.css: the script writes no markup into the page (docs/app-review.md).
  launcher.append(h("span", {}, strings.launcher));

  const title = h("h2", { id: "tally-title", class: "tally-title", tabindex: "-1" }, strings.title);
  const close = h("button", { class: "tally-close", "aria-label": strings.close }, "×");
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

  let loaded = false;
  let loading: Promise<void> | null = null;
  let script: Promise<CreatePanel> | null = null;
  let render: RenderPanel | null = null;

  const show = (busy: boolean, ...nodes: Node[]) => {
    body.replaceChildren(...nodes);
    body.setAttribute("aria-busy", String(busy));
  };

  // A classic script rather than import(): the theme's CDN need not answer CORS for it. A failed load is forgotten,
  // so "Try again" loads it again.
  const loadScript = () =>
    (script ??= new Promise<CreatePanel>((resolve, reject) => {
      const tag = h("script", { src: config.panelUrl });
      tag.onload = () => (window.tallyPanel ? resolve(window.tallyPanel) : reject(new Error("tally-panel.js")));
      tag.onerror = () => {
        script = null;
        tag.remove();
        reject(new Error("tally-panel.js"));
      };
      document.head.append(tag);
    }));

  function load(): Promise<void> {
    if (loaded) return Promise.resolve();
    loading ??= (async () => {
      show(true, h("p", "hint", strings.loading));
      let nodes: Node[] | null = null;
      try {
        const [create, response] = await Promise.all([
          loadScript(),
          // In the strings' language: the app words what the widget does not (ways to earn, reward titles).
          fetch(`${config.proxyPath}/customer?locale=${strings.locale}`, { headers: { Accept: "application/json" } }),
        ]);
        render ??= create({ config, messages, locale, status, reload });
        if (response.ok && render) nodes = render(await response.json());
      } catch {
        // Offline, the app unreachable or the panel script missing: the retry below.
      }
      loading = null;
      loaded = nodes !== null;
      if (nodes) show(false, ...nodes);
      else {
        const retry = h("button", "button", strings.retry);
        retry.onclick = () => void load();
        show(false, h("p", {}, strings.loadFailed), retry);
      }
      // Replacing the content drops the focus of a shopper who pressed "Try again"; keep it in the panel.
      if (!panel.hidden && !panel.contains(document.activeElement)) title.focus();
    })();
    return loading;
  }

  function reload() {
    loaded = false;
    void load();
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
  // Starting the requests when the pointer or keyboard reaches the launcher saves a round trip on click.
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
