// A titled section of the panel, as every section draws it.
import { h } from "../dom";

export function section(title: string, ...content: Array<Node | null>): HTMLElement {
  return h("section", "section", h("h3", "heading", title), ...content);
}
