/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
// The thank-you block: the points the order earns (posted or pending), the member's referral link with copy and
// share, and nothing at all for a guest order that earns nothing. Only Tally's backend is faked, at fetch.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { waitFor } from "@testing-library/preact";
import { getExtension } from "@shopify/ui-extensions-tester";
import { answer, APP_URL, inTurn, SESSION_TOKEN, shopperBackend } from "../../test-support/shopper-backend";
import { localeI18n, speak } from "../../test-support/locale-i18n";
import { ORDER_RETRY_DELAY_MS } from "../src/ThankYou";
import { bodyText, byText, one, prop, signal } from "../../test-support/dom";

const extension = getExtension("purchase.thank-you.block.render");
const EXTENSION_DIR = path.resolve(__dirname, "..");
const ORDER_ID = "gid://shopify/Order/1";
const REFERRAL_URL = "https://shop.example/apps/tally/r/MAYA-7K3Q";

// Shaped as docs/shopper-api.md documents GET /api/shopper/summary.
const member = {
  signedIn: true,
  balance: { available: 1323, pending: 0, reserved: 0, lifetimeEarned: 1323 },
  tier: { key: "member", name: "Member", multiplierPercent: 100, progress: null },
  referral: { code: "MAYA-7K3Q", url: REFERRAL_URL, friendDiscountPercent: 10, advocatePoints: 500, made: 0, rewarded: 0, pending: 0 },
  rewards: [],
  codes: [],
  history: [],
  program: {},
};

const memberWithNoPoints = { ...member, balance: { available: 0, pending: 0, reserved: 0, lifetimeEarned: 0 } };

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
      expect(request.url.searchParams.get("locale")).toBe("en");
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

  it("for a member with no points yet are shown as on their way, beside a balance of 0 points (French: 0 takes the singular)", async () => {
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 123, status: "pending" }),
      "GET /api/shopper/summary": answer(200, memberWithNoPoints),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Cette commande vous rapporte 123 points"));
    expect(bodyText()).toMatch(/Votre solde : 0 point(?!s)/);
    expect(bodyText()).toContain(REFERRAL_URL);
  });

  it("are not mentioned when the order earns nothing; a member with a zero balance still gets their referral link", async () => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, memberWithNoPoints),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Give friends a discount"));
    expect(bodyText()).toContain(REFERRAL_URL);
    expect(bodyText()).not.toContain("You earned");
    expect(bodyText()).not.toContain("This order earns");
    expect(bodyText()).not.toContain("Your balance");
  });

  it("tell a member who owes points what they owe, in German words, beside a balance of 0", async () => {
    speak(extension, EXTENSION_DIR, "de");
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 12, status: "posted" }),
      "GET /api/shopper/summary": answer(200, { ...member, balance: { available: 0, owed: 488, pending: 0, reserved: 0, lifetimeEarned: 12 } }),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Ihr Guthaben: 0 Punkte"));
    expect(bodyText()).toContain("Sie schulden 488 Punkte nach einer Erstattung oder einer spät eingelösten Prämie.");
    expect(bodyText()).not.toContain("-488");
  });

  it("read in German with German plurals", async () => {
    speak(extension, EXTENSION_DIR, "de");
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 1250, status: "posted" }),
      "GET /api/shopper/summary": answer(200, member),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Sie haben mit dieser Bestellung 1.250 Punkte gesammelt"));
    expect(bodyText()).toContain("Freunde erhalten 10 % Rabatt auf ihre erste Bestellung, und Sie erhalten 500 Punkte, wenn sie kaufen.");
    expect(bodyText()).toContain("Link kopieren");
  });

  it("are asked for again while Tally has not yet seen the order's payment", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const processing = answer(200, { points: 0, status: "processing" });
      const backend = shopperBackend({
        "GET /api/shopper/order": inTurn(processing, processing, answer(200, { points: 123, status: "posted" })),
        "GET /api/shopper/summary": answer(200, member),
      });
      extension.fetch = backend.fetch;

      await extension.render();
      await waitFor(() => expect(bodyText()).toContain("Your points will show here once your payment is confirmed."));
      await vi.advanceTimersByTimeAsync(ORDER_RETRY_DELAY_MS * 2);

      await waitFor(() => expect(bodyText()).toContain("You earned 123 points with this order"));
      expect(backend.to("GET /api/shopper/order")).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("are not promised to a member out of the program while the order is processing: the order will earn nothing (ADR 051)", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "processing" }),
      "GET /api/shopper/summary": answer(200, { ...member, standing: "excluded" }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("MAYA-7K3Q"));
    expect(bodyText()).not.toContain("Your points will show here");
  });

  it("leave the block empty for a guest, whose order the backend does not tie to anyone", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, { signedIn: false, program: {} }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(backend.requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bodyText().trim()).toBe("");
  });

  it("leave the block empty when Tally cannot be reached", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(502, "Bad Gateway"),
      "GET /api/shopper/summary": answer(503, "Service Unavailable"),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(backend.requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bodyText().trim()).toBe("");
  });
});

describe("a guest", () => {
  // The signed-out summary's program as the server words it (app/shopper/program-explainer.ts).
  const program = {
    currencyCode: "USD",
    earn: { points: 1, perAmountMinor: 100, perAmount: "$1.00" },
    waysToEarn: [{ kind: "signup", points: 100, text: "100 points when you create an account" }],
    rewards: [],
    referral: { friendDiscountPercent: 10, advocatePoints: 500 },
    tiers: [
      { key: "silver", name: "Silver", start: 50_000, threshold: "$500.00", multiplierPercent: 125 },
      { key: "member", name: "Member", start: 0, threshold: "$0.00", multiplierPercent: 100 },
    ],
  };

  beforeEach(() => {
    extension.shopify.cost.subtotalAmount = signal({ amount: 123.45, currencyCode: "USD" }) as never;
  });

  it("sees what an account collects from this order at the entry tier, the sign-up bonus, and where to create one", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, { signedIn: false, program }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Create an account to collect the 123 points this order earns."));
    expect(bodyText()).toContain("Creating your account adds 100 points.");
    const join = byText("s-link", "Create an account");
    expect(prop(join, "href")).toBe(`${extension.shopify.shop.storefrontUrl ?? `https://${extension.shopify.shop.myshopifyDomain}`}/account/register`);
    expect(backend.requests).toHaveLength(2);
  });

  it("of a program without a sign-up bonus sees the order's points alone, in French", async () => {
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, { signedIn: false, program: { ...program, waysToEarn: [] } }),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Créez un compte pour recevoir les 123 points que vous rapporte cette commande."));
    expect(bodyText()).not.toContain("création de votre compte");
    expect(byText("s-link", "Créer un compte")).toBeTruthy();
  });

  it("is offered nothing while the program is paused: an account would collect no points from this order (ADR 051)", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, { signedIn: false, program: { ...program, paused: true } }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(backend.requests).toHaveLength(2));
    expect(bodyText()).not.toContain("Create an account");
    expect(bodyText()).not.toContain("points");
  });

  it("paying in another currency sees the sign-up bonus only, in German", async () => {
    speak(extension, EXTENSION_DIR, "de");
    extension.shopify.cost.subtotalAmount = signal({ amount: 50, currencyCode: "EUR" }) as never;
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, { signedIn: false, program }),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Für die Kontoerstellung erhalten Sie 100 weitere Punkte."));
    expect(bodyText()).not.toContain("Bestellung zu erhalten");
    expect(byText("s-link", "Konto erstellen")).toBeTruthy();
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

// Where to spend points follows the summary's `program.redeemAt` (docs/shopper-api.md): the storefront widget's
// Rewards button on every plan, checkout only on Shopify Plus, the account only with new customer accounts.
describe("where the shopper can spend points", () => {
  const basicClassic = { redeemAt: [] };
  const plusNewAccounts = { redeemAt: ["checkout", "account"] };

  async function shows(summary: unknown) {
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 123, status: "posted" }),
      "GET /api/shopper/summary": answer(200, summary),
    }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("123"));
  }

  it("on a Basic shop with classic accounts is the store's Rewards button alone", async () => {
    await shows({ ...member, program: basicClassic });
    expect(bodyText()).toContain("Spend your points from the Rewards button on our store.");
    expect(bodyText()).not.toContain("at checkout");
    expect(bodyText()).not.toContain("in your account");
  });

  it("on a Plus shop with new customer accounts is the Rewards button, checkout and the account", async () => {
    await shows({ ...member, program: plusNewAccounts });
    expect(bodyText()).toContain("Spend your points from the Rewards button on our store, at checkout or in your account.");
  });

  it("on a Plus shop with classic accounts is the Rewards button or checkout, in German", async () => {
    speak(extension, EXTENSION_DIR, "de");
    await shows({ ...member, program: { redeemAt: ["checkout"] } });
    expect(bodyText()).toContain("Lösen Sie Ihre Punkte über die Schaltfläche „Prämien“ in unserem Shop oder an der Kasse ein.");
    expect(bodyText()).not.toContain("Konto ein");
  });

  it("is told to a guest offered an account, for a Basic shop with new accounts in Spanish", async () => {
    speak(extension, EXTENSION_DIR, "es");
    extension.shopify.cost.subtotalAmount = signal({ amount: 123.45, currencyCode: "USD" }) as never;
    extension.fetch = shopperBackend({
      "GET /api/shopper/order": answer(200, { points: 0, status: "none" }),
      "GET /api/shopper/summary": answer(200, {
        signedIn: false,
        program: { currencyCode: "USD", redeemAt: ["account"], earn: { points: 1, perAmountMinor: 100, perAmount: "$1.00" }, waysToEarn: [], tiers: [] },
      }),
    }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Canjea tus puntos desde el botón Recompensas de nuestra tienda o en tu cuenta."));
    expect(bodyText()).not.toContain("al pagar");
  });
});
