import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { programExplainer } from "~/shopper/program-explainer";
import { shopperStrings } from "~/shopper/shopper-strings";
import { readCustomerResponse, readRedeemAnswer } from "./customer-response";
import { createFormatter } from "./format";

// The `program` explainer as app/shopper/program-explainer.ts answers it (docs/shopper-api.md).
const program = {
  currencyCode: "USD",
  redeemAt: ["checkout", "account"],
  earn: { points: 1, perAmountMinor: 100, perAmount: "$1.00" },
  waysToEarn: [
    { kind: "purchase", points: 1, text: "Earn 1 point for every $1.00 you spend" },
    { kind: "signup", points: 100, text: "Get 100 points when you create an account" },
    { kind: "birthday", points: 250, text: "Get 250 points on your birthday" },
    { kind: "referral", points: 500, text: "Give friends 10% off their first order and get 500 points when they buy" },
  ],
  rewards: [{ id: "five-off", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0, title: "$5 off" }],
  referral: { friendDiscountPercent: 10, advocatePoints: 500 },
  tiers: [{ key: "member", name: "Member", start: 0, threshold: "$0.00", multiplierPercent: 100 }],
};

const waysToEarn = [
  { kind: "purchase", points: 1, perAmountMinor: 100, currencyCode: "USD" },
  { kind: "signup", points: 100 },
  { kind: "birthday", points: 250 },
  { kind: "referral", points: 500 },
];

describe("readCustomerResponse", () => {
  it("reads a signed-in shopper", () => {
    expect(
      readCustomerResponse({
        signedIn: true,
        balance: { available: 1250, pending: 40 },
        tier: { name: "Silver", progress: null },
        birthday: { month: 2, day: 29, changeableFrom: "2027-06-01T12:00:00.000Z" },
        referral: { code: "ANNA-7K2P", url: "https://shop.example/apps/tally/r/ANNA-7K2P" },
        rewards: [{ id: "five-off", title: "$5 off", points: 500, affordable: true }],
        codes: [{ code: "TALLY-QVYK-GPHM", points: 500, expiresAt: "2026-12-29T07:14:06.076Z", title: "$5 off" }],
        history: [],
        program,
      }),
    ).toEqual({
      signedIn: true,
      available: 1250,
      pending: 40,
      tierName: "Silver",
      birthday: { month: 2, day: 29, changeableFrom: "2027-06-01T12:00:00.000Z" },
      referralUrl: "https://shop.example/apps/tally/r/ANNA-7K2P",
      rewards: [{ id: "five-off", title: "$5 off", points: 500, affordable: true }],
      codes: [{ code: "TALLY-QVYK-GPHM", expiresAt: "2026-12-29T07:14:06.076Z", title: "$5 off" }],
      followed: [],
      program: {
        waysToEarn,
        redeemAt: ["checkout", "account"],
        rewards: [{ id: "five-off", title: "$5 off", points: 500 }],
        friendDiscountPercent: 10,
      },
    });
  });

  it("reads an anonymous visitor's program explainer", () => {
    expect(readCustomerResponse({ signedIn: false, program })).toEqual({
      signedIn: false,
      program: {
        waysToEarn,
        redeemAt: ["checkout", "account"],
        rewards: [{ id: "five-off", title: "$5 off", points: 500 }],
        friendDiscountPercent: 10,
      },
    });
  });

  it("leaves out what it cannot read rather than showing it wrong", () => {
    const view = readCustomerResponse({
      signedIn: true,
      balance: { available: 0 },
      referral: { code: "X", url: "javascript:alert(1)" },
      rewards: [{ id: "a", title: "No points" }, { id: "b", title: "Negative", points: -5 }, "junk"],
      // A code that could break out of a /discount/<code> link, and one without its date.
      codes: [{ code: "X/../../admin?", expiresAt: "2026-12-29T07:14:06.076Z", title: null }, { code: "TALLY-AAAA-BBBB" }],
      program: {
        // A purchase needs the program's `earn.perAmountMinor` and `currencyCode` to be worded.
        earn: { points: 1, perAmountMinor: "lots" },
        // A place the widget does not know is not told.
        redeemAt: ["checkout", "pos"],
        waysToEarn: [{ kind: "review", points: 50 }, { kind: "tier", points: 20, text: " " }, { kind: "purchase", points: 1 }, { kind: "signup", points: 0 }],
        referral: { friendDiscountPercent: 0 },
      },
    });
    expect(view).toEqual({
      signedIn: true,
      available: 0,
      pending: 0,
      tierName: null,
      birthday: null,
      referralUrl: null,
      rewards: [],
      followed: [],
      codes: [],
      program: { waysToEarn: [], redeemAt: ["checkout"], rewards: [], friendDiscountPercent: null },
    });
  });

  it("reads the explainer the app builds, every part of it", () => {
    // The app's own explainer, so a change on either side of the contract fails here.
    const explainer = JSON.parse(JSON.stringify(programExplainer(defaultProgramRules(), "EUR", shopperStrings("de", "EUR"), new Date(), ["account"]))) as unknown;
    expect(readCustomerResponse({ signedIn: false, program: explainer })).toEqual({
      signedIn: false,
      program: {
        waysToEarn: [
          { kind: "purchase", points: 1, perAmountMinor: 100, currencyCode: "EUR" },
          { kind: "signup", points: 100 },
          { kind: "referral", points: 500 },
        ],
        redeemAt: ["account"],
        rewards: [500, 600, 700, 800, 900].map((points) => ({ id: `amount-off-${points}`, title: expect.any(String) as string, points })),
        friendDiscountPercent: 10,
      },
    });
  });

  it("shows the ways it does not word itself in the app's words, such as a tier's entry reward", () => {
    const rules = defaultProgramRules();
    const tiers = rules.tiers.map((tier) => (tier.key === "gold" ? { ...tier, entryPoints: 250 } : tier));
    const strings = shopperStrings("fr", "EUR");
    const explainer = JSON.parse(JSON.stringify(programExplainer({ ...rules, tiers }, "EUR", strings, new Date()))) as unknown;
    const view = readCustomerResponse({ signedIn: false, program: explainer });
    expect(view?.program.waysToEarn.at(-1)).toEqual({ kind: "other", points: 250, text: strings.wayToEarn("tier", { points: 250, tier: "Gold" }) });
    expect(view?.program.waysToEarn.at(-1)).toMatchObject({ text: expect.stringContaining("Gold") });
  });

  it("shows a running bonus campaign in the app's words", () => {
    const rules = defaultProgramRules();
    const now = new Date();
    rules.campaigns = [
      {
        id: "double",
        name: "Double points",
        kind: "multiply",
        multiplierPercent: 200,
        points: 0,
        startsAt: new Date(now.getTime() - 3_600_000).toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        timeZone: "Europe/Paris",
        collectionIds: [],
        enabled: true,
      },
    ];
    const strings = shopperStrings("es", "EUR");
    const explainer = JSON.parse(JSON.stringify(programExplainer(rules, "EUR", strings, now))) as unknown;
    const view = readCustomerResponse({ signedIn: false, program: explainer });
    expect(view?.program.waysToEarn.at(-1)).toEqual({ kind: "other", points: 2, text: strings.campaign(rules.campaigns[0] as (typeof rules.campaigns)[number]) });
    expect(view?.program.waysToEarn.at(-1)).toMatchObject({ text: expect.stringMatching(/^Double points: puntos x2 en cada pedido hasta el /) });
  });

  it("refuses an answer that is not the customer endpoint's", () => {
    expect(readCustomerResponse(null)).toBeNull();
    expect(readCustomerResponse({ error: { code: "unauthorized" } })).toBeNull();
    expect(readCustomerResponse({ signedIn: true, balance: { available: 1.5 } })).toBeNull();
    expect(readCustomerResponse({ signedIn: true })).toBeNull();
  });
});

describe("readRedeemAnswer", () => {
  it("reads a code to apply, a store credit, or the server's words for why not", () => {
    const reward = { id: "five-off", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0, title: "$5.00 off", name: "Five off" };
    expect(readRedeemAnswer({ code: "TALLY-QVYK-GPHM", points: 500, expiresAt: "2026-12-29T07:14:06.076Z", status: "issued", reward })).toEqual({
      code: "TALLY-QVYK-GPHM",
      credited: false,
      title: "$5.00 off",
    });
    expect(readRedeemAnswer({ code: "CREDIT-QVYK-GPHM", status: "credited", reward: { ...reward, title: "$10.00 store credit" } })).toEqual({
      code: "CREDIT-QVYK-GPHM",
      credited: true,
      title: "$10.00 store credit",
    });
    expect(readRedeemAnswer({ error: { code: "insufficient_points", message: "You need 500 points for this reward and have 450 points." } })).toEqual({
      message: "You need 500 points for this reward and have 450 points.",
    });
    // A code an order already used is nothing to apply; an answer that is not the endpoint's has no words.
    expect(readRedeemAnswer({ code: "TALLY-QVYK-GPHM", status: "used", reward })).toEqual({ message: null });
    expect(readRedeemAnswer("<h1>There was a problem loading this website</h1>")).toEqual({ message: null });
  });
});

describe("a tier kept by the grace period", () => {
  it("reads until when, in the app's words, and nothing when no grace keeps the tier", () => {
    const kept = { name: "Gold", progress: null, keptUntil: "2027-03-05T12:00:00.000Z", keptText: "Vous gardez le palier Gold jusqu'au 5 mars 2027." };
    const answer = { signedIn: true, balance: { available: 10, pending: 0 }, tier: kept, referral: { code: "A", url: "https://shop.example/apps/tally/r/A" }, rewards: [], history: [], program };
    expect(readCustomerResponse(answer)).toMatchObject({ tierName: "Gold", tierKept: "Vous gardez le palier Gold jusqu'au 5 mars 2027." });
    expect(readCustomerResponse({ ...answer, tier: { name: "Gold", progress: null } })).not.toHaveProperty("tierKept");
  });
});

describe("a shopper who owes points", () => {
  // As GET /apps/tally/customer answers after a refund took back points already spent (ADR 021).
  const owing = {
    signedIn: true,
    balance: { available: 0, owed: 390, owedText: "…", pending: 0, reserved: 0, lifetimeEarned: 0 },
    tier: { name: "Member", progress: null },
    referral: { code: "ANNA-7K2P", url: "https://shop.example/apps/tally/r/ANNA-7K2P" },
    rewards: [],
    history: [],
    program,
  };
  const localeFile = (name: string) =>
    JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../extensions/tally-widget/locales/${name}.json`), "utf8")).widget;

  it("reads the debt as points owed beside a balance of 0, and says it in words in every language", () => {
    const view = readCustomerResponse(owing);
    expect(view).toMatchObject({ signedIn: true, available: 0, owed: 390 });
    const owed = view?.signedIn ? (view.owed ?? 0) : 0;
    const said = (name: string, locale: string) => {
      const f = createFormatter(localeFile(name), locale);
      return f.t("owed", { points: f.points(owed) });
    };
    expect(said("en.default", "en")).toBe("You owe 390 points after a refund or a reward used late. Your next orders pay this back first.");
    expect(said("fr", "fr")).toMatch(/^Vous devez 390 points après un remboursement/);
    expect(said("de", "de")).toMatch(/^Sie schulden 390 Punkte nach einer Erstattung/);
    expect(said("es", "es")).toMatch(/^Debes 390 puntos por un reembolso/);
    for (const name of ["en.default", "fr", "de", "es"]) expect(said(name, name.slice(0, 2))).not.toContain("-390");
  });
});

describe("a shopper whose points will expire", () => {
  const expiring = {
    signedIn: true,
    balance: { available: 640, owed: 0, owedText: null, pending: 0, reserved: 0, lifetimeEarned: 640 },
    expiry: { points: 640, expiresAt: "2027-03-14T09:30:00.000Z" },
    tier: { name: "Member", progress: null },
    referral: { code: "ANNA-7K2P", url: "https://shop.example/apps/tally/r/ANNA-7K2P" },
    rewards: [],
    history: [],
    program,
  };
  const localeFile = (name: string) =>
    JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../extensions/tally-widget/locales/${name}.json`), "utf8")).widget;

  it("reads how many points expire and when, and says it in every language", () => {
    const view = readCustomerResponse(expiring);
    expect(view).toMatchObject({ signedIn: true, available: 640, expiry: { points: 640, expiresAt: "2027-03-14T09:30:00.000Z" } });
    const said = (name: string, locale: string) => {
      const f = createFormatter(localeFile(name), locale);
      return view?.signedIn && view.expiry ? f.t("expiry", { points: f.points(view.expiry.points), date: f.date(view.expiry.expiresAt) }) : "";
    };
    expect(said("en.default", "en")).toBe("640 points expire on March 14, 2027 unless you shop with us before then.");
    expect(said("fr", "fr")).toBe("640 points expirent le 14 mars 2027, sauf si vous faites un achat d’ici là.");
    expect(said("de", "de")).toBe("640 Punkte verfallen am 14. März 2027, wenn Sie bis dahin nicht bei uns einkaufen.");
    expect(said("es", "es")).toBe("640 puntos caducan el 14 de marzo de 2027 si no compras antes.");
  });

  it("leaves the notice out when nothing expires or the answer is malformed", () => {
    expect(readCustomerResponse({ ...expiring, expiry: null })).not.toHaveProperty("expiry");
    expect(readCustomerResponse({ ...expiring, expiry: { points: -5, expiresAt: "2027-03-14" } })).not.toHaveProperty("expiry");
    expect(readCustomerResponse({ ...expiring, expiry: { points: 640 } })).not.toHaveProperty("expiry");
  });
});

describe("readCustomerResponse: actions that earn", () => {
  it("reads the newsletter, social and custom-event ways to earn as the app answers them, and the networks followed", () => {
    const rules = defaultProgramRules();
    rules.actions.newsletter.enabled = true;
    rules.actions.social = { enabled: true, points: 40, links: [{ network: "instagram", url: "https://www.instagram.com/tallyshop" }] };
    rules.actions.customEvents = [{ event: "review_posted", points: 50, limit: { kind: "once" }, label: "Review a product" }];
    const answer = { signedIn: true, balance: { available: 0, pending: 0 }, followed: ["instagram", 7], program: programExplainer(rules, "USD", shopperStrings("en", "USD"), new Date()) };
    const view = readCustomerResponse(JSON.parse(JSON.stringify(answer)));
    expect(view?.program.waysToEarn.slice(3)).toEqual([
      { kind: "newsletter", points: 100 },
      { kind: "social", points: 40, network: "instagram", url: "https://www.instagram.com/tallyshop" },
      { kind: "other", points: 50, text: "Review a product: 50 points, once" },
    ]);
    expect(view?.signedIn && view.followed).toEqual(["instagram"]);
  });

  it("leaves out a social way whose page is not an https link", () => {
    const ways = [
      { kind: "social", points: 40, text: "x", network: "instagram", url: "javascript:alert(1)" },
      { kind: "social", points: 40, text: "x", network: "tiktok", url: "http://tiktok.com/@shop" },
    ];
    expect(readCustomerResponse({ signedIn: false, program: { ...program, waysToEarn: ways } })?.program.waysToEarn).toEqual([]);
  });
});
