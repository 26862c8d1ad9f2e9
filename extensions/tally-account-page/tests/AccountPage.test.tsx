/// <reference types="@shopify/ui-extensions/customer-account.page.render" />
// The customer account page: balance, tier and progress, rewards to redeem, referral link and referrals made,
// history; redemption that succeeds or fails; a zero balance; a session Tally refuses. Only Tally's backend is
// faked, at fetch.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/preact";
import { getExtension } from "@shopify/ui-extensions-tester";
import { answer, APP_URL, inTurn, SESSION_TOKEN, shopperBackend } from "../../test-support/shopper-backend";
import { localeI18n, speak } from "../../test-support/locale-i18n";
import { bodyText, byText, click, one, prop } from "../../test-support/dom";

const extension = getExtension("customer-account.page.render");
const EXTENSION_DIR = path.resolve(__dirname, "..");
const REFERRAL_URL = "https://shop.example/apps/tally/r/MAYA-7K3Q";

// Shaped as docs/shopper-api.md documents GET /api/shopper/summary.
function member(available: number, overrides: Record<string, unknown> = {}) {
  return {
    signedIn: true,
    balance: { available, pending: 150, reserved: 0, lifetimeEarned: available + 150 },
    tier: { key: "silver", name: "Silver", multiplierPercent: 125, progress: { nextTierName: "Gold", remainingAmount: 60000, remaining: "$600.00", percent: 40 } },
    referral: { code: "MAYA-7K3Q", url: REFERRAL_URL, friendDiscountPercent: 10, advocatePoints: 500, made: 3, rewarded: 2, pending: 1 },
    rewards: [
      { id: "reward-5", title: "$5.00 off", points: 500, affordable: available >= 500 },
      { id: "reward-20", title: "$20.00 off", points: 2000, affordable: available >= 2000 },
    ],
    codes: [{ code: "TALLY-QVYK-GPHM", points: 500, expiresAt: "2026-11-29T07:14:06.076Z", title: "$5.00 off" }],
    history: [
      { id: "t3", code: "REDEMPTION", points: -500, status: "posted", title: "Reward redeemed", createdAt: "2026-11-20T10:00:00Z" },
      { id: "t2", code: "PURCHASE", points: 123, status: "pending", title: "Order #1001", createdAt: "2026-11-18T10:00:00Z" },
      { id: "t1", code: "SIGNUP_BONUS", points: 100, status: "posted", title: "Welcome bonus", createdAt: "2026-11-01T10:00:00Z" },
    ],
    program: {},
    ...overrides,
  };
}

const redemption = { code: "TALLY-5OFF-X7", points: 500, expiresAt: "2026-11-29T08:00:00Z", status: "issued", reward: { id: "reward-5", title: "$5.00 off" } };

beforeEach(() => {
  extension.setUp();
  extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
});

afterEach(() => {
  extension.tearDown();
});

describe("a member's rewards page", () => {
  it("shows balance, tier progress, rewards, referral link, referrals made and history from one signed request", async () => {
    const backend = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200)) });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("1,200 points available"));
    const text = bodyText();
    expect(text).toContain("150 points pending");
    expect(text).toContain("Tier: Silver");
    expect(text).toContain("$600.00 more to reach Gold");
    expect(Number(prop(one("s-progress"), "value"))).toBe(40);
    expect(text).toContain("$5.00 off");
    expect(text).toContain("800 more points needed");
    expect(text).toContain(REFERRAL_URL);
    expect(text).toContain("Friends get 10% off their first order, and you get 500 points when they buy.");
    expect(text).toContain("3 friends have ordered with your code");
    expect(text).toContain("2 brought you points");
    expect(text).toContain("1 reward on its way");
    expect(text).toContain("$5.00 off: TALLY-QVYK-GPHM · Use it at checkout before Nov 29, 2026");
    expect(text).toContain("Reward redeemed−500 points");
    expect(text).toContain("Purchase+123 pointsPending");
    expect(text).toContain("Welcome bonus+100 points");
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]?.url.origin).toBe(APP_URL);
    expect(backend.requests[0]?.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    expect(backend.requests[0]?.url.searchParams.get("locale")).toBe("en");
  });

  it("says when the available points expire, and nothing when they do not", async () => {
    const backend = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200, { expiry: { points: 1200, expiresAt: "2027-03-14T09:30:00.000Z" } })) });
    extension.fetch = backend.fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("1,200 points available"));
    expect(bodyText()).toContain("1,200 points expire on March 14, 2027 unless you shop with us before then.");

    extension.tearDown();
    extension.setUp();
    extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200, { expiry: null })) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("1,200 points available"));
    expect(bodyText()).not.toContain("expire on");
  });

  it("with a zero balance offers nothing to redeem and says how far each reward is", async () => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(
        200,
        member(0, { history: [], codes: [], balance: { available: 0, pending: 0, reserved: 0, lifetimeEarned: 0 }, referral: { code: "MAYA-7K3Q", url: REFERRAL_URL, made: 0, rewarded: 0, pending: 0 } }),
      ),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("0 points available"));
    expect(bodyText()).toContain("500 more points needed");
    expect(bodyText()).toContain("No points yet. You earn points with every order.");
    expect(bodyText()).toContain("No friends have ordered with your code yet.");
    // Without the program's offer in the answer, the generic explainer.
    expect(bodyText()).toContain("Share your link: friends get a discount on their first order, and you earn points when they buy.");
    expect(bodyText()).not.toContain("pending");
    expect(Array.from(document.body.querySelectorAll("s-button")).map((button) => button.textContent)).toEqual(["Copy link"]);
  });

  it("says in words how many points the shopper owes after a refund, never a negative balance", async () => {
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(0, { balance: { available: 0, owed: 500, pending: 0, reserved: 0, lifetimeEarned: 0 } })),
    }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("0 points available"));
    expect(bodyText()).toContain("You owe 500 points after a refund or a reward used late. Your next orders pay them back first.");
    // The debt is repaid before a reward comes within reach.
    expect(bodyText()).toContain("1,000 more points needed");
    expect(bodyText()).not.toContain("-500");
  });

  it("at the top tier says so instead of showing progress", async () => {
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(100, { tier: { key: "gold", name: "Gold", multiplierPercent: 150, progress: null } })) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You're at the top tier."));
    expect(document.body.querySelector("s-progress")).toBeNull();
  });

  it("says until when the grace period keeps the tier, as the app words it", async () => {
    const kept = { key: "gold", name: "Gold", multiplierPercent: 150, progress: null, keptUntil: "2027-03-05T12:00:00.000Z", keptText: "You keep Gold until March 5, 2027. Reach it again before then to stay." };
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(100, { tier: kept })) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("You keep Gold until March 5, 2027. Reach it again before then to stay."));
  });

  it("reads in Spanish, where a million takes the 'many' plural form", async () => {
    speak(extension, EXTENSION_DIR, "es");
    const backend = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1_000_000)) });
    extension.fetch = backend.fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("1.000.000 de puntos disponibles"));
    expect(bodyText()).toContain("150 puntos pendientes");
    expect(bodyText()).toContain("3 amigos han pedido con tu código");
    expect(backend.requests[0]?.url.searchParams.get("locale")).toBe("es");
  });

  it("asks the shopper to sign in when Tally refuses the session", async () => {
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(401, {}) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Sign in to use your points."));
  });

  it("asks the shopper to sign in when the token carries no customer, and offers nothing to redeem", async () => {
    // A session token without `sub`: the backend answers the signed-out explainer (docs/shopper-api.md).
    speak(extension, EXTENSION_DIR, "de");
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, { signedIn: false, program: {} }) }).fetch;

    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Melden Sie sich an, um Ihre Punkte zu verwenden."));
    expect(document.body.querySelectorAll("s-button")).toHaveLength(0);
  });
});

describe("redeeming on the account page", () => {
  it("reserves the points, shows the single-use code with a copy button and its expiry, and refreshes the balance", async () => {
    let available = 1200;
    const backend = shopperBackend({
      "GET /api/shopper/summary": () => answer(200, member(available)),
      "POST /api/shopper/redeem": () => {
        available -= 500;
        return answer(200, redemption);
      },
    });
    extension.fetch = backend.fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "Redeem"));
    // One button per affordable reward, each named for its reward for screen readers.
    expect(prop(byText("s-button", "Redeem"), "accessibilityLabel")).toBe("Redeem $5.00 off");
    click(byText("s-button", "Redeem"));

    await waitFor(() => expect(document.body.querySelector("s-banner")).not.toBeNull());
    expect(prop(one("s-banner"), "heading")).toBe("Your code for $5.00 off: TALLY-5OFF-X7");
    expect(bodyText()).toMatch(/Use it at checkout before Nov 29, 2026/);
    const clipboard = document.body.querySelector("#tally-reward-code");
    expect(clipboard && prop(clipboard, "text")).toBe("TALLY-5OFF-X7");
    expect(prop(byText("s-button", "Copy code"), "commandFor")).toBe("tally-reward-code");
    const [redeem] = backend.to("POST /api/shopper/redeem");
    expect(redeem?.body).toEqual({ rewardId: "reward-5", requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(redeem?.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    await waitFor(() => expect(bodyText()).toContain("700 points available"));
  });

  it("says store credit was added, in the shopper's language, with no code to copy", async () => {
    speak(extension, EXTENSION_DIR, "de");
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": answer(200, { code: "CREDIT-AB2C-D3EF", points: 500, expiresAt: "2026-11-29T08:00:00Z", status: "credited", reward: { id: "reward-5", title: "5,00 $ Guthaben im Shop" } }),
    }).fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "Einlösen"));
    click(byText("s-button", "Einlösen"));

    await waitFor(() => expect(document.body.querySelector("s-banner")).not.toBeNull());
    expect(prop(one("s-banner"), "heading")).toBe("5,00 $ Guthaben im Shop wurde Ihrem Guthaben im Shop gutgeschrieben. Es wird an der Kasse angerechnet.");
    expect(document.body.querySelector("#tally-reward-code")).toBeNull();
    expect(bodyText()).not.toContain("CREDIT-AB2C-D3EF");
  });

  it("explains a refusal in the shopper's language and shows no code", async () => {
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": answer(404, { error: { code: "unknown_reward", message: "This reward was archived." } }),
    }).fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "Échanger"));
    click(byText("s-button", "Échanger"));

    await waitFor(() => expect(bodyText()).toContain("Cette récompense n'est plus disponible. Veuillez en choisir une autre."));
    expect(bodyText()).not.toContain("archived");
    expect(document.body.querySelector("#tally-reward-code")).toBeNull();
  });

  it("when Shopify could not create the code, says the points are safe and asks again with a new request id", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": inTurn(answer(502, { error: { code: "redemption_failed", message: "Shopify: Code must be unique" } }), answer(200, redemption)),
    });
    extension.fetch = backend.fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "Redeem"));
    click(byText("s-button", "Redeem"));
    await waitFor(() => expect(bodyText()).toContain("We couldn't create your code just now. Your points are safe: please try again."));
    expect(bodyText()).not.toContain("Code must be unique");
    expect(document.body.querySelector("#tally-reward-code")).toBeNull();
    click(byText("s-button", "Redeem"));

    await waitFor(() => expect(prop(one("s-banner"), "heading")).toBe("Your code for $5.00 off: TALLY-5OFF-X7"));
    const [first, second] = backend.to("POST /api/shopper/redeem");
    expect((second?.body as { requestId: string }).requestId).not.toBe((first?.body as { requestId: string }).requestId);
  });

  it("retries with the same request id when the answer was lost, so the points are held once", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200)),
      "POST /api/shopper/redeem": inTurn(answer(504, "Gateway Timeout"), answer(200, redemption)),
    });
    extension.fetch = backend.fetch;

    await extension.render();
    await waitFor(() => byText("s-button", "Redeem"));
    click(byText("s-button", "Redeem"));
    await waitFor(() => expect(bodyText()).toContain("Rewards aren't available right now. Please try again in a moment."));
    click(byText("s-button", "Redeem"));

    await waitFor(() => expect(prop(one("s-banner"), "heading")).toBe("Your code for $5.00 off: TALLY-5OFF-X7"));
    const [first, second] = backend.to("POST /api/shopper/redeem");
    expect(second?.body).toEqual(first?.body);
  });
});

describe("the ways to earn on the account page", () => {
  const instagram = { kind: "social", points: 40, text: "Get 40 points for following us on Instagram", network: "instagram", url: "https://www.instagram.com/tallyshop" };
  const program = {
    waysToEarn: [
      { kind: "newsletter", points: 75, text: "Get 75 points for subscribing to our newsletter" },
      instagram,
      { kind: "social", points: 40, text: "Get 40 points for following us on TikTok", network: "tiktok", url: "https://www.tiktok.com/@tallyshop" },
    ],
  };

  it("lists them; a Follow button opens the network's page and credits the points once, then shows it done", async () => {
    const backend = shopperBackend({
      "GET /api/shopper/summary": inTurn(answer(200, member(1200, { program, followed: ["tiktok"] })), answer(200, member(1240, { program, followed: ["tiktok", "instagram"] }))),
      "POST /api/shopper/social": answer(200, { network: "instagram", url: instagram.url, points: 40, alreadyCredited: false, message: "Thanks for following us on Instagram: 40 points added." }),
    });
    extension.fetch = backend.fetch;
    await extension.render();

    await waitFor(() => expect(bodyText()).toContain("Get 75 points for subscribing to our newsletter"));
    expect(Array.from(document.body.querySelectorAll<Element>("s-section")).map((section) => prop(section, "heading"))).toContain("Ways to earn");
    const follow = byText("s-button", "Follow on Instagram");
    expect(prop(follow, "href")).toBe(instagram.url);
    expect(prop(follow, "target")).toBe("_blank");
    // TikTok was credited before: no button, said done.
    expect(() => byText("s-button", "Follow on TikTok")).toThrow();
    expect(bodyText()).toContain("Followed: points added");

    click(follow);
    await waitFor(() => expect(bodyText()).toContain("Thanks for following us on Instagram: 40 points added."));
    await waitFor(() => expect(bodyText()).toContain("1,240 points available"));
    expect(backend.to("POST /api/shopper/social").map((request) => request.body)).toEqual([{ network: "instagram" }]);
    expect(backend.to("POST /api/shopper/social")[0]?.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    expect(() => byText("s-button", "Follow on Instagram")).toThrow();
  });

  it("says in the shopper's language when the points could not be added", async () => {
    speak(extension, EXTENSION_DIR, "fr");
    extension.fetch = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(1200, { program, followed: [] })),
      "POST /api/shopper/social": answer(404, { error: { code: "unknown_network", message: "…" } }),
    }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Get 40 points for following us on Instagram"));
    expect(Array.from(document.body.querySelectorAll<Element>("s-section")).map((section) => prop(section, "heading"))).toContain("Comment gagner des points");
    click(byText("s-button", "Suivre sur Instagram"));
    await waitFor(() => expect(bodyText()).toContain("Nous n'avons pas pu ajouter vos points."));
  });
});

// Where else to spend points follows the summary's `program.redeemAt` (docs/shopper-api.md): this page is one place,
// the storefront's Rewards button is always another, and checkout is one only on Shopify Plus.
describe("where else a member can spend points", () => {
  async function shows(redeemAt: string[]) {
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200, { program: { redeemAt } })) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("1,200 points available"));
  }

  it("on a Basic shop with new accounts is the store's Rewards button", async () => {
    await shows(["account"]);
    expect(bodyText()).toContain("You can also spend your points from the Rewards button on our store.");
    expect(bodyText()).not.toContain("at checkout.");
  });

  it("on a Plus shop with new accounts is the Rewards button or checkout", async () => {
    await shows(["checkout", "account"]);
    expect(bodyText()).toContain("You can also spend your points from the Rewards button on our store or at checkout.");
  });

  it("on a Plus shop, in Spanish", async () => {
    speak(extension, EXTENSION_DIR, "es");
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(1200, { program: { redeemAt: ["checkout", "account"] } })) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("También puedes canjear tus puntos desde el botón Recompensas de nuestra tienda o al pagar."));
  });
});
