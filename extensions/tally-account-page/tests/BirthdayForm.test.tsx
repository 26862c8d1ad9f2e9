/// <reference types="@shopify/ui-extensions/customer-account.page.render" />
// The birthday section of the customer account page: shown when the program pays a birthday bonus, a month and a day
// given with one signed request, a refusal explained in the shopper's language, and a birthday that cannot change
// yet shown with the date it can. Only Tally's backend is faked, at fetch.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/preact";
import { getExtension } from "@shopify/ui-extensions-tester";
import { answer, inTurn, SESSION_TOKEN, shopperBackend } from "../../test-support/shopper-backend";
import { localeI18n, speak } from "../../test-support/locale-i18n";
import { bodyText, byText, click } from "../../test-support/dom";

const extension = getExtension("customer-account.page.render");
const EXTENSION_DIR = path.resolve(__dirname, "..");

// Shaped as docs/shopper-api.md documents GET /api/shopper/summary.
function member(birthday: { month: number; day: number; changeableFrom: string } | null, birthdayPoints: number) {
  return {
    signedIn: true,
    balance: { available: 300, pending: 0, reserved: 0, lifetimeEarned: 300 },
    tier: { key: "member", name: "Member", multiplierPercent: 100, progress: null },
    birthday,
    referral: { code: "MAYA-7K3Q", url: "https://shop.example/apps/tally/r/MAYA-7K3Q", friendDiscountPercent: 10, advocatePoints: 500, made: 0, rewarded: 0, pending: 0 },
    rewards: [],
    codes: [],
    history: [],
    program: { waysToEarn: birthdayPoints > 0 ? [{ kind: "birthday", points: birthdayPoints, text: "Get 250 points on your birthday" }] : [] },
  };
}

/** Picks an option of an s-select as the host does: its value set, then a change event. */
async function choose(label: string, value: string) {
  const select = [...document.body.querySelectorAll("s-select")].find((element) => element.getAttribute("label") === label || (element as unknown as { label?: string }).label === label);
  if (!select) throw new Error(`no select labelled ${label}`);
  (select as unknown as { value: string }).value = value;
  select.dispatchEvent(new Event("change"));
  await waitFor(() => expect((select as unknown as { value: string }).value).toBe(value));
}

const nextYear = new Date(Date.now() + 200 * 24 * 3_600_000).toISOString();

beforeEach(() => {
  extension.setUp();
  extension.shopify.i18n = localeI18n(EXTENSION_DIR, "en") as never;
});

afterEach(() => {
  extension.tearDown();
});

describe("the birthday on the account page", () => {
  it("is not shown when the program pays no birthday bonus and none was given", async () => {
    extension.fetch = shopperBackend({ "GET /api/shopper/summary": answer(200, member(null, 0)) }).fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("300 points available"));
    expect(bodyText()).not.toContain("Your birthday");
    expect(document.body.querySelector("s-select")).toBeNull();
  });

  it("offers the bonus, sends the month and day chosen with the session token, and shows the birthday saved", async () => {
    const saved = { month: 3, day: 9, changeableFrom: nextYear };
    const backend = shopperBackend({
      "GET /api/shopper/summary": inTurn(answer(200, member(null, 250)), answer(200, member(saved, 250))),
      "POST /api/shopper/birthday": answer(200, { birthday: saved, message: "Birthday saved: March 9. You can change it once a year." }),
    });
    extension.fetch = backend.fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Get 250 points on your birthday, every year."));
    expect(bodyText()).toContain("Choose the month and day. You can change it once a year after that.");

    await choose("Month", "3");
    await choose("Day", "9");
    click(byText("s-button", "Save birthday"));

    await waitFor(() => expect(bodyText()).toContain("Your birthday: March 9"));
    const [sent] = backend.to("POST /api/shopper/birthday");
    expect(sent?.body).toEqual({ month: 3, day: 9 });
    expect(sent?.authorization).toBe(`Bearer ${SESSION_TOKEN}`);
    expect(bodyText()).toContain("Birthday saved.");
    // A year before it can change again: the date, and no form.
    expect(bodyText()).toContain("You can change it again from");
    expect(document.body.querySelector("s-select")).toBeNull();
  });

  it("explains a date that does not exist in the shopper's language", async () => {
    speak(extension, EXTENSION_DIR, "fr");
    const backend = shopperBackend({
      "GET /api/shopper/summary": answer(200, member(null, 250)),
      "POST /api/shopper/birthday": answer(400, { error: { code: "invalid_birthday", message: "Cette date n'existe pas." } }),
    });
    extension.fetch = backend.fetch;
    await extension.render();
    await waitFor(() => expect(bodyText()).toContain("Recevez 250 points le jour de votre anniversaire, chaque année."));
    await choose("Mois", "2");
    await choose("Jour", "31");
    click(byText("s-button", "Enregistrer l'anniversaire"));
    await waitFor(() => expect(bodyText()).toContain("Cette date n'existe pas. Choisissez de nouveau un mois et un jour."));
    expect(backend.to("POST /api/shopper/birthday")[0]?.body).toEqual({ month: 2, day: 31 });
  });
});
