// What every section of the panel is drawn with: the shopper's data as the app proxy answered it, the strings in
// the storefront's language, the merchant's settings, and the panel's status line for what an action answers.
import type { CustomerView } from "../customer-response";
import type { Formatter } from "../format";
import type { WidgetConfig } from "../widget-config";

export interface PanelContext {
  f: Formatter;
  config: WidgetConfig;
  /** The panel's `role="status"` line: screen readers announce what is written into it. */
  status: HTMLElement;
  /** Asks the app proxy again and redraws the panel (after an action changed the shopper's balance). */
  reload(): void;
}

/** One part of the open panel; null when it has nothing to show this shopper. */
export type Section<View extends CustomerView = CustomerView> = (view: View, context: PanelContext) => Node | null;

export type MemberView = Extract<CustomerView, { signedIn: true }>;
export type VisitorView = Extract<CustomerView, { signedIn: false }>;
