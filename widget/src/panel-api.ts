// How the launcher (tally-widget.js, on every page) and the panel (tally-panel.js, fetched on interest) meet: the
// panel script, when it runs, leaves one function on `window`, which the launcher calls once with what the panel
// is drawn with, and then with each answer of GET /apps/tally/customer.
import type { WidgetConfig } from "./widget-config";

export interface PanelHost {
  config: WidgetConfig;
  /** The strings the block rendered (#tally-widget-messages), not checked yet: the panel checks the keys it reads. */
  messages: unknown;
  /** The locale Intl formats in (locale.ts). */
  locale: string;
  status: HTMLElement;
  reload(): void;
}

/** The panel's content for one answer of the customer endpoint; null when the answer cannot be read. */
export type RenderPanel = (answer: unknown) => Node[] | null;

/** Null when the block's strings lack a key the panel reads. */
export type CreatePanel = (host: PanelHost) => RenderPanel | null;

declare global {
  interface Window {
    tallyPanel?: CreatePanel;
  }
}
