// Small DOM helpers for the extension tests: find Polaris web components by their text, read what Preact set on
// them (a property or an attribute, depending on the element), and type into s-text-field the way the tester
// allows (fireEvent.input throws on it: it has no value setter in jsdom).
import { fireEvent, waitFor } from "@testing-library/preact";
import { expect } from "vitest";

export function bodyText(): string {
  return (document.body.textContent ?? "").replace(/\s+/g, " ");
}

export function byText(tag: string, text: string | RegExp): Element {
  const found = Array.from(document.body.querySelectorAll(tag)).find((element) =>
    typeof text === "string" ? element.textContent?.includes(text) : text.test(element.textContent ?? ""),
  );
  if (!found) throw new Error(`no <${tag}> with text ${String(text)} in: ${bodyText()}`);
  return found;
}

export function one(selector: string): Element {
  const found = document.body.querySelector(selector);
  if (!found) throw new Error(`no <${selector}> in: ${bodyText()}`);
  return found;
}

/** What Preact gave a custom element: it sets a property when the element has one, an attribute otherwise. */
export function prop(element: Element, name: string): unknown {
  const value = (element as unknown as Record<string, unknown>)[name];
  return value !== undefined ? value : element.getAttribute(name);
}

export async function typeInto(field: Element, value: string): Promise<void> {
  (field as unknown as { value: string }).value = value;
  field.dispatchEvent(new Event("input"));
  await waitFor(() => expect(prop(field, "value")).toBe(value));
}

export function click(element: Element): void {
  fireEvent.click(element);
}

/** A host signal (`shopify.x.value`) holding a fixed value, as the tester's own mocks do. */
export function signal<T>(value: T) {
  return { value, current: value, subscribe: () => () => {}, destroy: async () => {} };
}
