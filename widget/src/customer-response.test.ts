import { describe, expect, it } from "vitest";
import { readCustomerResponse } from "./customer-response";

const program = {
  waysToEarn: [
    { kind: "purchase", points: 1, spend: { amount: "1.00", currencyCode: "USD" } },
    { kind: "signup", points: 100 },
    { kind: "referral", points: 500 },
  ],
  rewards: [{ id: "five-off", title: "$5 off", points: 500 }],
  referralOffer: { friendDiscountPercent: 10, advocatePoints: 500 },
};

describe("readCustomerResponse", () => {
  it("reads a signed-in shopper", () => {
    expect(
      readCustomerResponse({
        signedIn: true,
        balance: { available: 1250, pending: 40 },
        tier: { name: "Silver", progress: null },
        referral: { code: "ANNA-7K2P", url: "https://shop.example/apps/tally/r/ANNA-7K2P" },
        rewards: [{ id: "five-off", title: "$5 off", points: 500, affordable: true }],
        history: [],
        program,
      }),
    ).toEqual({
      signedIn: true,
      available: 1250,
      pending: 40,
      tierName: "Silver",
      referralUrl: "https://shop.example/apps/tally/r/ANNA-7K2P",
      rewards: [{ id: "five-off", title: "$5 off", points: 500, affordable: true }],
      program: {
        waysToEarn: program.waysToEarn,
        rewards: [{ id: "five-off", title: "$5 off", points: 500 }],
        referralOffer: { friendDiscountPercent: 10 },
      },
    });
  });

  it("reads an anonymous visitor's program explainer", () => {
    expect(readCustomerResponse({ signedIn: false, program })).toEqual({
      signedIn: false,
      program: {
        waysToEarn: program.waysToEarn,
        rewards: [{ id: "five-off", title: "$5 off", points: 500 }],
        referralOffer: { friendDiscountPercent: 10 },
      },
    });
  });

  it("leaves out what it cannot read rather than showing it wrong", () => {
    const view = readCustomerResponse({
      signedIn: true,
      balance: { available: 0 },
      referral: { code: "X", url: "javascript:alert(1)" },
      rewards: [{ id: "a", title: "No points" }, { id: "b", title: "Negative", points: -5 }, "junk"],
      program: {
        waysToEarn: [{ kind: "birthday", points: 50 }, { kind: "purchase", points: 1, spend: { amount: "lots", currencyCode: "USD" } }, { kind: "signup", points: 0 }],
        referralOffer: { friendDiscountPercent: 0 },
      },
    });
    expect(view).toEqual({
      signedIn: true,
      available: 0,
      pending: 0,
      tierName: null,
      referralUrl: null,
      rewards: [],
      program: { waysToEarn: [], rewards: [], referralOffer: null },
    });
  });

  it("refuses an answer that is not the customer endpoint's", () => {
    expect(readCustomerResponse(null)).toBeNull();
    expect(readCustomerResponse({ error: { code: "unauthorized" } })).toBeNull();
    expect(readCustomerResponse({ signedIn: true, balance: { available: 1.5 } })).toBeNull();
    expect(readCustomerResponse({ signedIn: true })).toBeNull();
  });
});
