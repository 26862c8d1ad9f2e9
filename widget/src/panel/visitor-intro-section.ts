// What a visitor who is not signed in sees first: the program in a sentence and the way in. A fragment, so the
// sentence and the links are the panel body's own items, spaced like sections.
import { h } from "../dom";
import type { Section, VisitorView } from "./panel-context";

export const visitorIntroSection: Section<VisitorView> = (_view, { f, config }) => {
  const intro = document.createDocumentFragment();
  intro.append(
    h("p", "intro", f.t("explainer")),
    h(
      "div",
      "actions",
      h("a", { class: "tally-button", href: config.registerUrl }, f.t("join")),
      h("a", { class: "tally-link", href: config.loginUrl }, f.t("signIn")),
    ),
  );
  return intro;
};
