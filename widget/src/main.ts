// Entry of tally-widget.js, the app embed's script on every page (built by scripts/build-widget.mjs): the launcher
// and the referral-link capture. The Liquid block renders an empty, hidden #tally-widget root carrying the
// merchant's settings and the strings in the page's language; this fills it in. The panel's content comes from a
// second script, tally-panel.js, loaded on interest (widget.ts).
import { LAUNCHER_KEYS } from "./launcher-strings";
import { readStrings } from "./messages";
import { rememberReferral } from "./referral-capture";
import { mountWidget } from "./widget";
import { readWidgetConfig } from "./widget-config";

function start() {
  const root = document.getElementById("tally-widget");
  // A theme that renders the embed twice, or the theme editor re-running the script, must not get two launchers.
  if (!root || root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const config = readWidgetConfig(root.dataset);
  void rememberReferral(config.cartUpdateUrl);
  let messages: unknown = null;
  try {
    messages = JSON.parse(root.querySelector("#tally-widget-messages")?.textContent ?? "");
  } catch {
    // Unreadable strings: handled below like missing ones.
  }
  const strings = readStrings(messages, LAUNCHER_KEYS);
  if (!strings) {
    console.warn("Tally: the widget's strings are missing from the page; the app embed block renders them.");
    return;
  }
  mountWidget(root, config, strings, messages);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
