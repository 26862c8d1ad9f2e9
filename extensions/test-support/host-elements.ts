// Setup file for the extension tests. In Shopify's host every Polaris element is a defined custom element whose
// event handlers are properties (`oncopyerror`…); Preact sees them and listens for the lower-case DOM event.
// jsdom leaves s-* elements undefined, so Preact would listen for "CopyError" instead and a test dispatching the
// real "copyerror" event would miss it. Defining the elements whose camel-case events we use restores the host's
// behaviour.
class ClipboardItemElement extends HTMLElement {
  text = "";
  oncopy: ((event: Event) => void) | null = null;
  oncopyerror: ((event: Event) => void) | null = null;
}

if (!customElements.get("s-clipboard-item")) customElements.define("s-clipboard-item", ClipboardItemElement);
