// Entry of tally-widget.js, the app embed's one script (built by scripts/build-widget.mjs). The Liquid block renders
// an empty, hidden #tally-widget root carrying the merchant's settings and the strings in the page's language;
// this fills it in.
import { readMessages } from "./messages";
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
  let messages = null;
  try {
    messages = readMessages(JSON.parse(root.querySelector("#tally-widget-messages")?.textContent ?? ""));
  } catch {
    // Unreadable strings: handled below like missing ones.
  }
  if (!messages) {
    console.warn("Tally: no strings on the page (the app embed renders them).");
    return;
  }
  mountWidget(root, config, messages);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
