// Entry of tally-panel.js, the script the launcher loads when the shopper first shows interest (panel-api.ts):
// everything the open panel shows is drawn from here, section by section (sections.ts).
import type { CreatePanel } from "../panel-api";
import { readCustomerResponse } from "../customer-response";
import { createFormatter } from "../format";
import { readMessages } from "../messages";
import type { PanelContext } from "./panel-context";
import { MEMBER_SECTIONS, VISITOR_SECTIONS } from "./sections";

const createPanel: CreatePanel = ({ config, messages, locale, status, reload }) => {
  const strings = readMessages(messages);
  if (!strings) return null;
  const context: PanelContext = { f: createFormatter(strings, locale), config, status, reload };
  return (answer) => {
    const view = readCustomerResponse(answer);
    if (!view) return null;
    const nodes = view.signedIn ? MEMBER_SECTIONS.map((draw) => draw(view, context)) : VISITOR_SECTIONS.map((draw) => draw(view, context));
    return nodes.filter((node): node is Node => node !== null);
  };
};

window.tallyPanel = createPanel;
