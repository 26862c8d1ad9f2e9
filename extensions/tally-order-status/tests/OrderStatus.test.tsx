/// <reference types="@shopify/ui-extensions/customer-account.order-status.block.render" />
// The order-status block: a posted order's points, a pending order's with the day they count, nothing for an order
// that earns nothing, and the rewards the shopper can now afford, in every language. Only Tally's backend is faked,
// at fetch.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/preact";
import { getExtension } from "@shopify/ui-extensions-tester";
import { answer, APP_URL, SESSION_TOKEN, shopperBackend } from "../../test-support/shopper-backend";
import { localeI18n, speak } from "../../test-support/locale-i18n";
import { bodyText, byText, prop, signal } from "../../test-support/dom";
import { REWARDS_PAGE } from "../src/OrderStatus";

const extension = getExtension("customer-account.order-status.block.render");
const EXTENSION_DIR = path.resolve(__dirname, "..");
const ORDER_ID = "gid://shopify/Order/9101";

// Shaped as docs/shopper-api.md documents GET /api/shopper/order-status.
const fiveOff = { id: "amount-off-500", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0, title: "$5.00 off" };
const sixOff = { id: "amount-off-600", kind: "amount_off", points: 600, amountMinor: 600, minimumOrderMinor: 0, title: "$6.00 off" };
const none = { points: 0, status: "none", postsAt: null };

function placeOrder(processedAt = new Date().toISOString()) {
  extension.shopify.order = signal({ id: ORDER_ID, name: "#1001", processedAt }) as never;
}

async function settle(backend: ReturnType<typeof shopperBackend>) {
  await waitFor(() => expect(backend.requests).toHaveLength(1));
  await new Promise((resolve) => setTimeout(resolve, 10));
}

beforeEach(() => {
  extension.setUp();
  extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
  placeOrder();
});

afterEach(() => {
  extension.tearDown();
});

describe("the order's points", () => {
  it("are shown as earned once posted, with the rewards the balance now covers; the request names the order and carries the token", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order-status": answer(200, { order: { points: 600, status: "posted", postsAt: null }, available: 600, affordable: [fiveOff, sixOff] }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("This order earned you 600 points"));
    expect(bodyText()).toContain("With your 600 points you can now get:");
    expect(bodyText()).toContain("$5.00 off for 500 points");
    expect(bodyText()).toContain("$6.00 off for 600 points");
    expect(prop(byText("s-link", "Redeem your points"), "href")).toBe(REWARDS_PAGE);
    const [request] = backend.requests;
    expect(request?.url.origin).toBe(APP_URL);
    expect(request?.url.searchParams.get("orderId")).toBe(ORDER_ID);
    expect(request?.url.searchParams.get("locale")).toBe("en");
    expect(request?.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
  });

  it("are shown with the day they count while pending, and no rewards when none is affordable yet", async () => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/order-status": answer(200, { order: { points: 80, status: "pending", postsAt: "2026-12-18T10:00:00.000Z" }, available: 0, affordable: [] }),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("This order earns you 80 points on Dec 18, 2026"));
    expect(bodyText()).not.toContain("you can now get");
  });

  it("are not mentioned for an order that earns nothing (cancelled, refunded, a test order); affordable rewards still are", async () => {
    extension.fetch = shopperBackend({ "GET /api/shopper/order-status": answer(200, { order: none, available: 500, affordable: [fiveOff] }) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("With your 500 points you can now get:"));
    expect(bodyText()).not.toMatch(/This order/);
  });

  it("leave the block empty when the order earns nothing and nothing is affordable", async () => {
    const backend = shopperBackend({ "GET /api/shopper/order-status": answer(200, { order: none, available: 20, affordable: [] }) });
    extension.fetch = backend.fetch;

    await extension.render();
    await settle(backend);

    expect(bodyText().trim()).toBe("");
  });

  it("are promised for a recent order Tally has not seen paid yet, and not for an old one it never will", async () => {
    const processing = { order: { points: 0, status: "processing", postsAt: null }, available: 0, affordable: [] };
    extension.fetch = shopperBackend({ "GET /api/shopper/order-status": answer(200, processing) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Your points for this order will show here once its payment is confirmed."));
    extension.tearDown();

    extension.setUp();
    extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
    placeOrder("2025-01-10T10:00:00Z");
    const backend = shopperBackend({ "GET /api/shopper/order-status": answer(200, processing) });
    extension.fetch = backend.fetch;
    await extension.render();
    await settle(backend);
    expect(bodyText().trim()).toBe("");
  });

  it("leave the block empty for another customer's order and when Tally cannot be reached", async () => {
    for (const failure of [answer(404, { error: { code: "unknown_order", message: "We couldn't find this order in your account." } }), answer(503, "Service Unavailable")]) {
      const backend = shopperBackend({ "GET /api/shopper/order-status": failure });
      extension.fetch = backend.fetch;
      await extension.render();
      await settle(backend);
      expect(bodyText().trim()).toBe("");
      extension.tearDown();
      extension.setUp();
      extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
      placeOrder();
    }
  });
});

describe("in other languages", () => {
  const pending = { order: { points: 1250, status: "pending", postsAt: "2026-12-18T10:00:00.000Z" }, available: 600, affordable: [fiveOff] };

  it.each([
    ["fr", "Cette commande vous rapportera 1 250 points le", "Avec vos 600 points, vous pouvez maintenant obtenir :", "$5.00 off pour 500 points", "Utiliser vos points"],
    ["de", "Diese Bestellung bringt Ihnen am", "Mit Ihren 600 Punkten erhalten Sie jetzt:", "$5.00 off für 500 Punkte", "Punkte einlösen"],
    ["es", "Este pedido te dará 1250 puntos el", "Con tus 600 puntos ya puedes conseguir:", "$5.00 off por 500 puntos", "Canjear tus puntos"],
  ])("reads in %s", async (locale, earned, heading, reward, redeem) => {
    speak(extension, EXTENSION_DIR, locale);
    const backend = shopperBackend({ "GET /api/shopper/order-status": answer(200, pending) });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain(earned));
    expect(bodyText()).toContain(heading);
    expect(bodyText()).toContain(reward);
    expect(byText("s-link", redeem)).toBeTruthy();
    expect(backend.requests[0]?.url.searchParams.get("locale")).toBe(locale);
  });
});

// Where else to spend points follows the answer's `redeemAt` (docs/shopper-api.md): the block itself lives in new
// customer accounts and links to the account page, so it names the storefront's Rewards button, and checkout only
// on Shopify Plus.
describe("where else the shopper can spend points", () => {
  const status = (redeemAt: string[]) => answer(200, { order: { points: 600, status: "posted", postsAt: null }, available: 600, affordable: [fiveOff], redeemAt });

  it("on a Basic shop is the store's Rewards button besides the account", async () => {
    extension.fetch = shopperBackend({ "GET /api/shopper/order-status": status(["account"]) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("You can also spend your points from the Rewards button on our store."));
    expect(bodyText()).not.toContain("at checkout");
  });

  it("on a Plus shop is the Rewards button or checkout", async () => {
    extension.fetch = shopperBackend({ "GET /api/shopper/order-status": status(["checkout", "account"]) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("You can also spend your points from the Rewards button on our store or at checkout."));
  });

  it("on a Plus shop, in French", async () => {
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({ "GET /api/shopper/order-status": status(["checkout", "account"]) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Vous pouvez aussi utiliser vos points depuis le bouton Récompenses de notre boutique ou au paiement."));
  });
});
