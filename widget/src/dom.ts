// A tiny element builder. Text always goes in as text nodes, never as HTML: reward titles and links come from the
// network and must not be able to inject markup into the storefront.

export type Child = Node | string | null | undefined | false;

/** `attributes` as a string is the element's one class, without its `tally-` prefix: `h("p", "hint")`. */
export function h(tag: string, attributes: Record<string, string> | string = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  if (typeof attributes == "string") element.className = `tally-${attributes}`;
  else for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}
