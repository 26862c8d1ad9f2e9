/// <reference types="@shopify/ui-extensions/purchase.checkout.reductions.render-after" />
// The checkout extension in every state a shopper can meet: signed out, no points, enough to redeem, a
// redemption that works or fails, and a friend's referral code that is unknown, their own, or valid. Only
// Tally's backend is faked (at fetch); the extension runs as Shopify runs it, through the tester's `shopify`.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { waitFor } from "@testing-library/preact";
import { getExtension } from "@shopify/ui-extensions-tester";
import { createResult } from "@shopify/ui-extensions-tester/checkout";
import { answer, APP_URL, inTurn, SESSION_TOKEN, shopperBackend } from "../../test-support/shopper-backend";
import { localeI18n, speak } from "../../test-support/locale-i18n";
import { bodyText, byText, click, one, prop, signal, typeInto } from "../../test-support/dom";

const extension = getExtension("purchase.checkout.reductions.render-after");
const EXTENSION_DIR = path.resolve(__dirname, "..");

const rewards = [
  { id: "reward-5", title: "$5.00 off", points: 500, affordable: true },
  { id: "reward-10", title: "$10.00 off", points: 1000, affordable: true },
  { id: "reward-20", title: "$20.00 off", points: 2000, affordable: false },
];

// Shaped as docs/shopper-api.md documents GET /api/shopper/summary.
function member(available: number, memberRewards = rewards, codes: unknown[] = []) {
  return {
    signedIn: true,
    balance: { available, pending: 0, reserved: 0, lifetimeEarned: available },
    tier: { key: "member", name: "Member", multiplierPercent: 100, progress: null },
    referral: { code: "MAYA-7K3Q", url: "https://shop.example/apps/tally/r/MAYA-7K3Q", friendDiscountPercent: 10, advocatePoints: 500, made: 0, rewarded: 0, pending: 0 },
    rewards: memberRewards,
    codes,
    history: [],
    program: {},
  };
}

const issued = { code: "TALLY-5OFF-X7", points: 500, expiresAt: "2026-11-29T08:00:00Z", status: "issued", reward: { id: "reward-5", title: "$5.00 off" } };
const validReferral = {
  valid: true,
  referralCode: "MAYA-7K3Q",
  discountCode: "MAYA-7K3Q",
  friendDiscount: { percent: 10, message: "Code accepted: 10% off your first order." },
  attribute: { key: "_tally_referral", value: "MAYA-7K3Q" },
};

/**
 * Checkout shares the buyer's identity only with apps granted protected customer data; the tester's `shopify`
 * leaves it out (and refuses plain assignment of a property it lacks), so the tests add it as the host would.
 */
function shareBuyerIdentity(customer: { id: string } | undefined) {
  Object.defineProperty(extension.shopify, "buyerIdentity", {
    value: { customer: signal(customer), email: signal(undefined), phone: signal(undefined), purchasingCompany: signal(undefined) },
    configurable: true,
    enumerable: true,
  });
}
const signIn = () => shareBuyerIdentity({ id: "gid://shopify/Customer/42" });
const signOut = () => shareBuyerIdentity(undefined);

beforeEach(() => {
  extension.setUp();
  extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
  extension.shopify.cost.subtotalAmount = signal({ amount: 123.45, currencyCode: "USD" }) as never;
});

afterEach(() => {
  extension.tearDown();
});

/** Every request went to the app URL, with the session token as Bearer and the extension's language. */
function expectSignedRequests(requests: { url: URL; authorization: string | null }[], locale = "en") {
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.url.origin).toBe(APP_URL);
    expect(request.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    expect(request.url.searchParams.get("locale")).toBe(locale);
  }
}

describe("a signed-out shopper", () => {
  it("sees what this order would earn, estimated from the cart's subtotal", async () => {
    signOut();
    const backend = shopperBackend({ "POST /api/shopper/estimate": answer(200, { points: 123 }) });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Sign in to earn 123 points with this order."));
    expect(backend.to("POST /api/shopper/estimate")[0]?.body).toEqual({ subtotal: { amount: "123.45", currencyCode: "USD" } });
    expect(backend.to("GET /api/shopper/summary")).toHaveLength(0);
    // Nothing to redeem without an account: the referral code field is the only control.
    expect(Array.from(document.body.querySelectorAll("s-button")).map((button) => button.textContent)).toEqual(["Apply"]);
    expectSignedRequests(backend.requests);
  });

  it("is recognised from the backend's answer when checkout does not share the buyer's identity", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, { signedIn: false, program: {} }),
      "POST /api/shopper/estimate": answer(200, { points: 1 }),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Sign in to earn 1 point with this order."));
    expect(backend.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(["GET /api/shopper/summary", "POST /api/shopper/estimate"]);
    expectSignedRequests(backend.requests);
  });

  it("reads the estimate in French, with French plural rules", async () => {
    signOut();
    speak(extension, EXTENSION_DIR, "fr");
    const backend = shopperBackend({ "POST /api/shopper/estimate": answer(200, { points: 1250 }) });
    extension.fetch = backend.fetch;

    await extension.render();

    // bodyText() folds the narrow no-break space French groups digits with into a space.
    await waitFor(() => expect(bodyText()).toContain("Connectez-vous pour gagner 1 250 points avec cette commande."));
    expectSignedRequests(backend.requests, "fr");
  });

  it("sees no estimate when the checkout's currency is not the shop's", async () => {
    signOut();
    const backend = shopperBackend({ "POST /api/shopper/estimate": answer(200, { points: null }) });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(backend.requests).toHaveLength(1));
    await waitFor(() => expect(byText("s-button", "Apply")).toBeTruthy());
    expect(bodyText()).not.toMatch(/earn/i);
  });
});

// The program part of a summary as the server words it (app/shopper/program-explainer.ts): 1 point per $1.00, the
// default tiers, a sign-up bonus.
const program = {
  currencyCode: "USD",
  earn: { points: 1, perAmountMinor: 100, perAmount: "$1.00" },
  waysToEarn: [{ kind: "signup", points: 100, text: "100 points when you create an account" }],
  rewards: [],
  referral: { friendDiscountPercent: 10, advocatePoints: 500 },
  tiers: [
    { key: "member", name: "Member", start: 0, threshold: "$0.00", multiplierPercent: 100 },
    { key: "silver", name: "Silver", start: 50_000, threshold: "$500.00", multiplierPercent: 125 },
    { key: "gold", name: "Gold", start: 150_000, threshold: "$1,500.00", multiplierPercent: 150 },
  ],
};

describe("a signed-in member's estimate", () => {
  it("is this order's points at their tier, worked out from the summary without asking Tally again", async () => {
    signIn();
    const silver = { ...member(0), tier: { key: "silver", name: "Silver", multiplierPercent: 125, progress: null }, program };
    const backend = shopperBackend({ "GET /api/shopper/summary": answer(200, silver) });
    extension.fetch = backend.fetch;

    await extension.render();

    // floor(123.45 × 1.25) = 154, as the server's purchasePoints says for an order paid at Silver.
    await waitFor(() => expect(bodyText()).toContain("This order earns you 154 points at your Silver tier."));
    expect(backend.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(["GET /api/shopper/summary"]);
  });

  it("is at the Member tier's rate for a member who has not reached Silver, in Spanish", async () => {
    signIn();
    speak(extension, EXTENSION_DIR, "es");
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, { ...member(0), program }) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Este pedido te da 123 puntos con tu nivel Member."));
  });

  it("is none for a member the merchant excluded, who reads why in their language (ADR 051)", async () => {
    signIn();
    speak(extension, EXTENSION_DIR, "de");
    const excluded = { ...member(300), standing: "excluded", standingText: "…", program };
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, excluded) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Ihr Konto nimmt nicht am Prämienprogramm"));
    expect(bodyText()).not.toContain("Punkte mit Ihrer Stufe");
  });

  it("is none while the program is paused, which the member reads", async () => {
    signIn();
    const paused = { ...member(300), standing: "paused", standingText: "…", program: { ...program, paused: true } };
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, paused) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("The rewards program is paused for now."));
    expect(bodyText()).not.toContain("This order earns");
  });

  it("is left out when the checkout's currency is not the shop's", async () => {
    signIn();
    extension.shopify.cost.subtotalAmount = signal({ amount: 123.45, currencyCode: "EUR" }) as never;
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, { ...member(0), program }) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You have 0 points"));
    expect(bodyText()).not.toContain("This order earns");
  });
});

describe("a signed-in member", () => {
  it("with no points sees a zero balance, how far the first reward is, and nothing to redeem", async () => {
    signIn();
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(0, rewards.map((reward) => ({ ...reward, affordable: false })))),
    });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You have 0 points"));
    expect(bodyText()).toContain("500 more points to your first reward.");
    expect(bodyText()).not.toMatch(/for 500 points/);
    expect(backend.to("POST /api/shopper/estimate")).toHaveLength(0);
    expectSignedRequests(backend.requests);
  });

  it("who owes points after a refund reads the debt in words, in English and French, never as a negative balance", async () => {
    signIn();
    const owing = { ...member(0, rewards.map((reward) => ({ ...reward, affordable: false }))), balance: { available: 0, owed: 390, pending: 0, reserved: 0, lifetimeEarned: 0 } };
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, owing) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("You have 0 points"));
    expect(bodyText()).toContain("You owe 390 points after a refund or a reward used late. Your next orders pay them back first.");
    // The debt is repaid before the first reward comes within reach.
    expect(bodyText()).toContain("890 more points to your first reward.");
    expect(bodyText()).not.toContain("-390");
    extension.tearDown();

    extension.setUp();
    extension.shopify.cost.subtotalAmount = signal({ amount: 123.45, currencyCode: "USD" }) as never;
    signIn();
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, { ...owing, balance: { ...owing.balance, owed: 1 } }) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Vous devez 1 point après un remboursement"));
  });

  it("with no points reads it in French as French counts: zero takes the singular", async () => {
    signIn();
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(0, [])) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Vous avez 0 point"));
    expect(bodyText()).not.toContain("0 points");
  });

  it("with enough points sees the balance and one button per reward they can afford", async () => {
    signIn();
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200)) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You have 1,200 points"));
    const buttons = Array.from(document.body.querySelectorAll("s-button")).map((button) => button.textContent);
    expect(buttons).toContain("$5.00 off for 500 points");
    expect(buttons).toContain("$10.00 off for 1,000 points");
    expect(buttons.join(" ")).not.toContain("$20.00 off");
  });

  it("redeems a reward and applies the code it gets back to this checkout", async () => {
    signIn();
    let available = 1200;
    const backend = shopperBackend({
      "GET /api/shopper/summary": () => answer(200, member(available)),
      "POST /api/shopper/redeem": () => {
        available -= 500;
        return answer(200, issued);
      },
    });
    extension.fetch = backend.fetch;
    const applyDiscountCodeChange = vi.fn().mockResolvedValue(createResult("applyDiscountCodeChange", { type: "success" }));
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;

    await extension.render();
    await waitFor(() => byText("s-button", "$5.00 off for 500 points"));
    click(byText("s-button", "$5.00 off for 500 points"));

    await waitFor(() => expect(bodyText()).toContain("$5.00 off is applied to your order."));
    expect(applyDiscountCodeChange).toHaveBeenCalledWith({ type: "addDiscountCode", code: "TALLY-5OFF-X7" });
    const [redeem] = backend.to("POST /api/shopper/redeem");
    expect(redeem?.body).toEqual({ rewardId: "reward-5", requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // The balance shown afterwards is the backend's, read again after the points were reserved.
    await waitFor(() => expect(bodyText()).toContain("You have 700 points"));
    expectSignedRequests(backend.requests);
  });

  it("redeems store credit: told it was added, in the checkout's language, and no code is applied", async () => {
    signIn();
    extension.shopify.i18n = localeI18n(EXTENSION_DIR, "fr") as never;
    const credit = { id: "credit-10", title: "10,00 $US de crédit en boutique", points: 1000, affordable: true };
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200, [credit])),
      "POST /api/shopper/redeem": answer(200, { code: "CREDIT-AB2C-D3EF", points: 1000, expiresAt: "2026-11-29T08:00:00Z", status: "credited", reward: { id: "credit-10", title: credit.title } }),
    });
    extension.fetch = backend.fetch;
    const applyDiscountCodeChange = vi.fn();
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;

    await extension.render();
    const button = await waitFor(() => byText("s-button", "10,00 $US de crédit en boutique"));
    click(button);

    await waitFor(() => expect(bodyText()).toContain("10,00 $US de crédit en boutique a été ajouté à votre crédit en boutique. Il s'applique au moment du paiement."));
    expect(applyDiscountCodeChange).not.toHaveBeenCalled();
  });

  it("is told the reward's product is no longer sold, in plain words", async () => {
    signIn();
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": answer(409, { error: { code: "reward_unavailable", message: "gone" } }),
    });
    extension.fetch = backend.fetch;
    extension.shopify.applyDiscountCodeChange = vi.fn();

    await extension.render();
    await waitFor(() => byText("s-button", "$5.00 off for 500 points"));
    click(byText("s-button", "$5.00 off for 500 points"));
    await waitFor(() => expect(bodyText()).toContain("That reward's product is no longer sold, so no points were used. Please choose another reward."));
  });

  it("is told in plain words when the redemption is refused, and no code is applied", async () => {
    signIn();
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(600)),
      "POST /api/shopper/redeem": answer(422, { error: { code: "insufficient_points", message: "You need 500 points for this reward and have 400 points.", needed: 500, available: 400 } }),
    });
    extension.fetch = backend.fetch;
    const applyDiscountCodeChange = vi.fn();
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;

    await extension.render();
    await waitFor(() => byText("s-button", "$5.00 off for 500 points"));
    click(byText("s-button", "$5.00 off for 500 points"));

    await waitFor(() => expect(bodyText()).toContain("You don't have enough points for that reward yet."));
    expect(bodyText()).not.toContain("You need 500 points");
    expect(applyDiscountCodeChange).not.toHaveBeenCalled();
    expect(backend.to("POST /api/shopper/redeem")).toHaveLength(1);
  });

  it("retries a redemption whose answer was lost with the same request id, so points are spent once", async () => {
    signIn();
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": inTurn(answer(503, "Service Unavailable"), answer(200, issued)),
    });
    extension.fetch = backend.fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "$5.00 off for 500 points"));
    click(byText("s-button", "$5.00 off for 500 points"));
    await waitFor(() => expect(bodyText()).toContain("Rewards aren't available right now."));
    click(byText("s-button", "$5.00 off for 500 points"));

    await waitFor(() => expect(bodyText()).toContain("$5.00 off is applied to your order."));
    const [first, second] = backend.to("POST /api/shopper/redeem");
    expect(second?.body).toEqual(first?.body);
  });

  it("asks again with a new request id after Shopify failed to create the code, since that id keeps its failure", async () => {
    signIn();
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": inTurn(answer(502, { error: { code: "redemption_failed", message: "Shopify said no" } }), answer(200, issued)),
    });
    extension.fetch = backend.fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "$5.00 off for 500 points"));
    click(byText("s-button", "$5.00 off for 500 points"));
    await waitFor(() => expect(bodyText()).toContain("We couldn't create your code just now. Your points are safe: please try again."));
    click(byText("s-button", "$5.00 off for 500 points"));

    await waitFor(() => expect(bodyText()).toContain("$5.00 off is applied to your order."));
    const [first, second] = backend.to("POST /api/shopper/redeem");
    expect((second?.body as { requestId: string }).requestId).not.toBe((first?.body as { requestId: string }).requestId);
  });

  it("can apply a reward code bought earlier and not used yet", async () => {
    signIn();
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(100, [], [{ code: "TALLY-QVYK-GPHM", points: 500, expiresAt: "2026-11-29T07:14:06.076Z", title: "$5.00 off" }])),
    }).fetch;
    const applyDiscountCodeChange = vi.fn().mockResolvedValue(createResult("applyDiscountCodeChange"));
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;

    await extension.render();
    await waitFor(() => byText("s-button", "Use your code: $5.00 off"));
    click(byText("s-button", "Use your code: $5.00 off"));

    await waitFor(() => expect(bodyText()).toContain("$5.00 off is applied to your order."));
    expect(applyDiscountCodeChange).toHaveBeenCalledWith({ type: "addDiscountCode", code: "TALLY-QVYK-GPHM" });
  });

  it("keeps a code bought earlier in view, in our words, when checkout will not apply it", async () => {
    signIn();
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(100, [], [{ code: "TALLY-QVYK-GPHM", points: 500, expiresAt: "2026-11-29T07:14:06.076Z", title: "$5.00 off" }])),
    }).fetch;
    extension.shopify.applyDiscountCodeChange = vi
      .fn()
      .mockResolvedValue(createResult("applyDiscountCodeChange", { type: "error", message: "Discount code TALLY-QVYK-GPHM is not valid for this customer" }));

    await extension.render();
    await waitFor(() => byText("s-button", "Use your code: $5.00 off"));
    click(byText("s-button", "Use your code: $5.00 off"));

    await waitFor(() => expect(bodyText()).toContain("Your code TALLY-QVYK-GPHM is ready. Enter it in the discount field to use it."));
    expect(bodyText()).not.toContain("not valid for this customer");
  });

  it("keeps the code in view, in our words, when checkout will not apply it", async () => {
    signIn();
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": answer(200, issued),
    }).fetch;
    extension.shopify.applyDiscountCodeChange = vi
      .fn()
      .mockResolvedValue(createResult("applyDiscountCodeChange", { type: "error", message: "Discount code cannot be combined" }));

    await extension.render();
    await waitFor(() => byText("s-button", "$5.00 off for 500 points"));
    click(byText("s-button", "$5.00 off for 500 points"));

    await waitFor(() => expect(bodyText()).toContain("Your code TALLY-5OFF-X7 is ready. Enter it in the discount field to use it."));
    expect(bodyText()).not.toContain("cannot be combined");
  });

  it("hides redemption where checkout does not allow discount codes to change", async () => {
    signIn();
    extension.shopify.instructions = signal({
      ...extension.shopify.instructions.value,
      discounts: { canUpdateDiscountCodes: false },
    }) as never;
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200)) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You have 1,200 points"));
    expect(document.body.querySelectorAll("s-button")).toHaveLength(0);
    expect(document.body.querySelector("s-text-field")).toBeNull();
  });

  it("sees an apology, not a stack trace, when Tally cannot be reached", async () => {
    signIn();
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(500, { error: { code: "internal", message: "TypeError: x is undefined" } }) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Rewards aren't available right now. Please try again in a moment."));
    expect(bodyText()).not.toContain("TypeError");
  });
});

describe("a friend's referral code", () => {
  async function enterCode(code: string) {
    await extension.render();
    await typeInto(one("s-text-field"), code);
    click(byText("s-button", "Apply"));
  }

  beforeEach(() => signOut());

  it("that does not exist is explained next to the field, and nothing is applied", async () => {
    const backend = shopperBackend({
      "POST /api/shopper/estimate": answer(200, { points: 123 }),
      "POST /api/shopper/referral-check": answer(200, { valid: false, reason: "not_found", message: "No member has code NOPE" }),
    });
    extension.fetch = backend.fetch;
    const applyDiscountCodeChange = vi.fn();
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;

    await enterCode("nope");

    await waitFor(() => expect(prop(one("s-text-field"), "error")).toBe("We couldn't find that referral code. Check it and try again."));
    expect(backend.to("POST /api/shopper/referral-check")[0]?.body).toEqual({ code: "nope" });
    expectSignedRequests(backend.requests);
    expect(applyDiscountCodeChange).not.toHaveBeenCalled();
  });

  it("that is the shopper's own is refused with a reason", async () => {
    signIn();
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(0)),
      "POST /api/shopper/referral-check": answer(200, { valid: false, reason: "own_code", message: "This is your own referral code. Share it with friends instead." }),
    }).fetch;
    const applyDiscountCodeChange = vi.fn();
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;

    await enterCode("MAYA-7K3Q");

    await waitFor(() => expect(prop(one("s-text-field"), "error")).toBe("That's your own referral code. Share it with friends: you earn points when they order."));
    expect(applyDiscountCodeChange).not.toHaveBeenCalled();
  });

  it("from a returning customer is refused: the friend's discount is for a first order", async () => {
    extension.fetch = shopperBackend({
      "POST /api/shopper/estimate": answer(200, { points: 123 }),
      "POST /api/shopper/referral-check": answer(200, { valid: false, reason: "not_new_customer", message: "has orders" }),
    }).fetch;

    await enterCode("MAYA-7K3Q");

    await waitFor(() => expect(prop(one("s-text-field"), "error")).toBe("Referral discounts are for a first order, and this account has ordered before."));
  });

  it("that is valid applies the friend's discount and carries the code to the order for attribution", async () => {
    const backend = shopperBackend({
      "POST /api/shopper/estimate": answer(200, { points: 123 }),
      "POST /api/shopper/referral-check": answer(200, validReferral),
    });
    extension.fetch = backend.fetch;
    const applyDiscountCodeChange = vi.fn().mockResolvedValue(createResult("applyDiscountCodeChange"));
    const applyAttributeChange = vi.fn().mockResolvedValue(createResult("applyAttributeChange"));
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;
    extension.shopify.applyAttributeChange = applyAttributeChange;

    await enterCode(" maya-7k3q ");

    await waitFor(() => expect(bodyText()).toContain("Your friend's 10% discount is applied."));
    expect(backend.to("POST /api/shopper/referral-check")[0]?.body).toEqual({ code: "maya-7k3q" });
    expect(applyDiscountCodeChange).toHaveBeenCalledWith({ type: "addDiscountCode", code: "MAYA-7K3Q" });
    expect(applyAttributeChange).toHaveBeenCalledWith({ type: "updateAttribute", key: "_tally_referral", value: "MAYA-7K3Q" });
    expectSignedRequests(backend.requests);
  });

  it("that checkout refuses to apply gets our message, never Shopify's", async () => {
    extension.fetch = shopperBackend({
      "POST /api/shopper/estimate": answer(200, { points: 123 }),
      "POST /api/shopper/referral-check": answer(200, validReferral),
    }).fetch;
    extension.shopify.applyDiscountCodeChange = vi
      .fn()
      .mockResolvedValue(createResult("applyDiscountCodeChange", { type: "error", message: "Enter a valid discount code" }));

    await enterCode("MAYA-7K3Q");

    await waitFor(() => expect(prop(one("s-text-field"), "error")).toBe("We couldn't add your friend's discount to this order. Please try again."));
    expect(bodyText()).not.toContain("Enter a valid discount code");
  });

  it("of a program without a friend discount is still carried to the order, so the friend's advocate gets credit", async () => {
    extension.fetch = shopperBackend({
      "POST /api/shopper/estimate": answer(200, { points: 123 }),
      "POST /api/shopper/referral-check": answer(200, { ...validReferral, discountCode: null, friendDiscount: null }),
    }).fetch;
    const applyDiscountCodeChange = vi.fn();
    const applyAttributeChange = vi.fn().mockResolvedValue(createResult("applyAttributeChange"));
    extension.shopify.applyDiscountCodeChange = applyDiscountCodeChange;
    extension.shopify.applyAttributeChange = applyAttributeChange;

    await enterCode("MAYA-7K3Q");

    await waitFor(() => expect(bodyText()).toContain("Thanks! Your friend will get credit for this order."));
    expect(applyDiscountCodeChange).not.toHaveBeenCalled();
    expect(applyAttributeChange).toHaveBeenCalledWith({ type: "updateAttribute", key: "_tally_referral", value: "MAYA-7K3Q" });
  });

  it("left empty asks for the code without calling Tally", async () => {
    const backend = shopperBackend({ "POST /api/shopper/estimate": answer(200, { points: 123 }) });
    extension.fetch = backend.fetch;

    await extension.render();
    click(byText("s-button", "Apply"));

    await waitFor(() => expect(prop(one("s-text-field"), "error")).toBe("Enter the code your friend shared with you."));
    expect(backend.to("POST /api/shopper/referral-check")).toHaveLength(0);
  });
});

// Where else to spend points follows the summary's `program.redeemAt` (docs/shopper-api.md): this extension renders
// on Plus checkouts, the storefront's Rewards button is always another place, and the account page one only with new
// customer accounts.
describe("where else a member can spend points", () => {
  async function shows(redeemAt: string[], balance = "You have 1,200 points") {
    signIn();
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, { ...member(1200), program: { redeemAt } }) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain(balance));
  }

  it("on a Plus shop with classic accounts is the store's Rewards button", async () => {
    await shows(["checkout"]);
    expect(bodyText()).toContain("You can also spend your points from the Rewards button on our store.");
    expect(bodyText()).not.toContain("in your account");
  });

  it("on a Plus shop with new accounts is the Rewards button or the account", async () => {
    await shows(["checkout", "account"]);
    expect(bodyText()).toContain("You can also spend your points from the Rewards button on our store or in your account.");
  });

  it("where this checkout takes no discount codes, is the Rewards button or the account, never checkout", async () => {
    extension.shopify.instructions = signal({ ...extension.shopify.instructions.value, discounts: { canUpdateDiscountCodes: false } }) as never;
    await shows(["checkout", "account"]);
    expect(bodyText()).toContain("Spend your points from the Rewards button on our store or in your account.");
    expect(bodyText()).not.toContain("You can also");
  });

  it("on a Plus shop with new accounts, in German", async () => {
    speak(extension, EXTENSION_DIR, "de");
    await shows(["checkout", "account"], "Sie haben 1.200 Punkte");
    expect(bodyText()).toContain("Sie können Ihre Punkte auch über die Schaltfläche „Prämien“ in unserem Shop oder in Ihrem Konto einlösen.");
  });
});
