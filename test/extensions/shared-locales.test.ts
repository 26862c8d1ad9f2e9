// The strings the UI extensions share live once, in extensions/shared/strings/*.json, and reach each extension's
// own locales/ (the only translations the Shopify CLI gives an extension) through `npm run build:locales`. These
// tests fail when a copy drifts from the source, and when shared code asks for a string the source lacks.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, SHARED_GROUPS, staleLocaleFiles } from "../../scripts/extensions/shared-locales.mjs";

type Messages = { [key: string]: string | Messages };
const shared = (name: string) => JSON.parse(readFileSync(path.join(ROOT, "extensions/shared/strings", name), "utf8")) as Messages;

describe("shared extension strings", () => {
  it("are in every extension's locale files exactly as extensions/shared/strings has them", () => {
    expect(staleLocaleFiles()).toEqual([]);
  });

  it("hold every string the shared code asks for: failures (failureText) and the referral share card", () => {
    const english = shared("en.default.json");
    const i18n = readFileSync(path.join(ROOT, "extensions/shared/i18n.ts"), "utf8");
    const failures = [...(i18n.match(/EXPLAINED_FAILURES = \[([^\]]+)\]/)?.[1] ?? "").matchAll(/"(\w+)"/g)].map((match) => match[1] as string);
    expect(failures.length).toBeGreaterThan(5);
    expect([...failures, "unavailable"].filter((code) => !(code in (english.errors as Messages)))).toEqual([]);
    const share = readFileSync(path.join(ROOT, "extensions/shared/ReferralShare.tsx"), "utf8");
    const keys = [...share.matchAll(/\bt\(\s*i18n,\s*"share\.(\w+)"/g)].map((match) => match[1] as string);
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.filter((key) => !(key in (english.share as Messages)))).toEqual([]);
    // Every extension that shows a failure or the share card gets that group.
    expect(SHARED_GROUPS).toMatchObject({ "tally-checkout": expect.arrayContaining(["errors"]), "tally-account-page": expect.arrayContaining(["errors", "share"]), "tally-thank-you": expect.arrayContaining(["share"]) });
  });

  describe("edited in one extension only", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tally-shared-locales-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("is found: the copy no longer matches the source", () => {
      cpSync(path.join(ROOT, "extensions"), path.join(dir, "extensions"), { recursive: true, filter: (source) => !source.includes(`${path.sep}dist`) && !source.includes("node_modules") });
      const file = path.join(dir, "extensions/tally-checkout/locales/fr.json");
      const messages = JSON.parse(readFileSync(file, "utf8")) as { errors: Record<string, string> };
      messages.errors.unknown_reward = "Autre texte";
      writeFileSync(file, `${JSON.stringify(messages, null, 2)}\n`);
      expect(staleLocaleFiles(dir)).toEqual(["extensions/tally-checkout/locales/fr.json"]);
    });
  });
});
