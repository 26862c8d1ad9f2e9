/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
// The thank-you block: the points the order earns (posted or pending), the member's referral link with copy and
// share, and nothing at all for a guest order that earns nothing. Only Tally's backend is faked, at fetch.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/preact";
import { getExtension } from "@shopify/ui-extensions-tester";
import { answer, APP_URL, SESSION_TOKEN, shopperBackend } from "../../test-support/shopper-backend";
import { localeI18n } from "../../test-support/locale-i18n";
import { bodyText, byText, one, prop } from "../../test-support/dom";

const extension = getExtension("purchase.thank-you.block.render");
const EXTENSION_DIR = path.resolve(__dirname, "..");
const ORDER_ID = "gid://shopify/Order/1";
const REFERRAL_URL = "https://shop.example/apps/tally/r/MAYA-7K3Q";

const member = {
  signedIn: true,
  balance: { available: 1323, pending: 0 },
  tier: { name: "Member", progress: null },
  referral: { code: "MAYA-7K3Q", url: REFERRAL_URL },
  rewards: [],
  history: [],
  program: {},
};

beforeEach(() => {
  extension.setUp();
  extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
});

afterEach(() => {
  extension.tearDown();
});

describe("the points this order earns", () => {
  it("are shown as earned once posted, with the member's new balance; both requests carry the session token", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 123, status: "posted" }),
      "GET /api/shopper/summary": answer(200, member),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You earned 123 points with this order"));
    expect(bodyText()).toContain("Your balance: 1,323 points");
    const [order] = backend.to("GET /api/shopper/order");
    expect(order?.url.searchParams.get("orderId")).toBe(ORDER_ID);
    for (const request of backend.requests) {
      expect(request.url.origin).toBe(APP_URL);
      expect(request.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    }
  });

  it("are shown as on their way while pending, with when they become spendable", async () => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 1, status: "pending" }),
      "GET /api/shopper/summary": answer(200, member),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("This order earns you 1 point"));
    expect(bodyText()).toContain("They become yours to spend shortly after your order is paid.");
  });

  it("read in German with German plurals", async () => {
    extension.shopify.i18n = localeI18n(EXTENSION_DIR, "de") as never;
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 1250, status: "posted" }),
      "GET /api/shopper/summary": answer(200, member),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Sie haben mit dieser Bestellung 1.250 Punkte gesammelt"));
    expect(bodyText()).toContain("Link kopieren");
  });

  it("are shown to a guest whose order earns points, without a referral link they do not have", async () => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 40, status: "pending" }),
      "GET /api/shopper/summary": answer(200, { signedIn: false, program: {} }),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("This order earns you 40 points"));
    expect(document.body.querySelector("s-clipboard-item")).toBeNull();
  });

  it("leave the block empty for a guest order that earns nothing, or when Tally cannot be reached", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(503, { error: { code: "unavailable", message: "down" } }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(backend.requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bodyText().trim()).toBe("");
  });
});

describe("the referral link", () => {
  beforeEach(() => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 123, status: "posted" }),
      "GET /api/shopper/summary": answer(200, member),
    }).fetch;
  });

  it("is shown and copied with Shopify's clipboard item, confirming the copy", async () => {
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain(REFERRAL_URL));

    const clipboard = one("s-clipboard-item");
    expect(prop(clipboard, "text")).toBe(REFERRAL_URL);
    const copy = byText("s-button", "Copy link");
    expect(prop(copy, "commandFor")).toBe(clipboard.id);
    expect(prop(copy, "command")).toBe("--copy");

    clipboard.dispatchEvent(new Event("copy"));
    await waitFor(() => expect(bodyText()).toContain("Link copied."));
  });

  it("says so when the copy fails", async () => {
    await extension.render();
    await waitFor(() => one("s-clipboard-item"));

    one("s-clipboard-item").dispatchEvent(new Event("copyerror"));

    await waitFor(() => expect(bodyText()).toContain("Couldn't copy the link. Select it and copy it instead."));
  });

  it("can be shared by email, WhatsApp or X with the link in the message", async () => {
    await extension.render();
    await waitFor(() => byText("s-link", "Email"));

    const message = encodeURIComponent(`Here's a discount on your first order: ${REFERRAL_URL}`);
    expect(prop(byText("s-link", "Email"), "href")).toBe(`mailto:?subject=${encodeURIComponent("A discount for your first order")}&body=${message}`);
    expect(prop(byText("s-link", "WhatsApp"), "href")).toBe(`https://wa.me/?text=${message}`);
    expect(prop(byText("s-link", /^X$/), "href")).toBe(`https://x.com/intent/post?text=${message}`);
  });
});
