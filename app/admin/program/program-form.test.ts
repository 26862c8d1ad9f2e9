import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultProgramRules, programRulesSchema, type ProgramRules } from "~/loyalty/program/program-rules";
import { assignTierKeys, draftEntries, draftFromRules, draftThresholds, moneyFormat, readDraft, RULE_FIELD_NAMES, rulesFromDraft, sameDraft, type ProgramDraft } from "./program-form";

const usd = moneyFormat("USD");
const jpy = moneyFormat("JPY");

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
}

/** Every rule the schema has, optional ones included (a rule without a default is absent from the defaults). */
function rulePaths(node: JsonSchemaNode, prefix = ""): string[] {
  if (!node.properties) return [prefix];
  return Object.entries(node.properties).flatMap(([key, child]) => rulePaths(child, prefix ? `${prefix}.${key}` : key));
}

function edit(draft: ProgramDraft, fields: Partial<ProgramDraft["fields"]>, tiers?: ProgramDraft["tiers"]): ProgramDraft {
  return { fields: { ...draft.fields, ...fields }, tiers: tiers ?? draft.tiers, actions: draft.actions };
}

function rulesOf(draft: ProgramDraft, money = usd): ProgramRules {
  const result = rulesFromDraft(draft, money);
  if (!result.ok) throw new Error(`expected valid rules, got ${JSON.stringify(result.errors)}`);
  return result.rules;
}

function errorsOf(draft: ProgramDraft, money = usd): Record<string, string> {
  const result = rulesFromDraft(draft, money);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("the program form", () => {
  const defaults = defaultProgramRules();
  const draft = draftFromRules(defaults, usd);

  it("has a field for every rule the program has", () => {
    // The pauses are recorded by the save that flips `paused` (program/program-pause.ts), never typed.
    const { tiers: _tiers, rewards: _rewards, campaigns: _campaigns, pauses: _pauses, ...rules } = z.toJSONSchema(programRulesSchema, { io: "input", unrepresentable: "any" }).properties ?? {};
    // The actions' lists are edited as lists, like the tiers (actions-form.ts).
    const lists = ["actions.social.links", "actions.customEvents"];
    expect([...RULE_FIELD_NAMES].sort()).toEqual(rulePaths({ properties: rules as Record<string, JsonSchemaNode> }).filter((path) => !lists.includes(path)).sort());
  });

  it("shows money in the shop currency's major units and multipliers as factors", () => {
    expect(usd).toEqual({ currencyCode: "USD", digits: 2, symbol: "$" });
    expect(draft.fields["earn.unitMinor"]).toBe("1");
    expect(draft.fields["earn.includeTestOrders"]).toBe("false");
    expect(draft.tiers).toEqual([
      { key: "member", name: "Member", threshold: "0", multiplierPercent: "1" },
      { key: "silver", name: "Silver", threshold: "500", multiplierPercent: "1.25" },
      { key: "gold", name: "Gold", threshold: "1500", multiplierPercent: "1.50" },
    ]);
    expect(draftFromRules(defaults, jpy).tiers[1]?.threshold).toBe("50000");
  });

  it("turns the untouched draft back into exactly the saved rules", () => {
    expect(rulesOf(draft)).toEqual(defaults);
    expect(rulesOf(draftFromRules(defaults, jpy), jpy)).toEqual(defaults);
  });

  it("reads edits as typed", () => {
    const rules = rulesOf(
      edit(
        draft,
        { "earn.points": "2", "earn.pendingDays": "14", "redemption.points": "200", "redemption.unitMinor": "50.5", signupBonus: "1,000" },
        [...draft.tiers, { key: "", name: "Platinum", threshold: "5,000", multiplierPercent: "2" }],
      ),
    );
    expect(rules.earn).toMatchObject({ points: 2, pendingDays: 14 });
    expect(rules.signupBonus).toBe(1000);
    expect(rules.redemption).toEqual({ points: 200, unitMinor: 5050, returnPointsOnFullRefund: true });
    expect(rules.tiers[3]).toEqual({ key: "platinum", name: "Platinum", threshold: 500_000, multiplierPercent: 200 });
  });

  it("puts each problem next to its field, in words a merchant can act on", () => {
    const errors = errorsOf(
      edit(
        draft,
        { "earn.points": "two", "earn.pendingDays": "-1", "earn.unitMinor": "1.234", "expiry.monthsWithoutPurchase": "500", "referral.fraud.rejectSameEmail": "maybe" },
        [
          { key: "member", name: "Member", threshold: "0", multiplierPercent: "0.5" },
          { key: "silver", name: " ", threshold: "abc", multiplierPercent: "1.25" },
        ],
      ),
    );
    expect(errors).toEqual({
      "earn.points": "Enter a whole number, such as 12.",
      "earn.pendingDays": "Enter 0 or more.",
      "earn.unitMinor": "Enter an amount, such as 12.50.",
      "expiry.monthsWithoutPurchase": "Enter 120 or less.",
      "referral.fraud.rejectSameEmail": "Choose on or off.",
      "tiers.0.multiplierPercent": "Enter 1 or more.",
      "tiers.1.name": "Enter a name.",
      "tiers.1.threshold": "Enter an amount, such as 12.50.",
    });
  });

  it("names money bounds in the shop's currency", () => {
    expect(errorsOf(edit(draft, { "redemption.unitMinor": "0" }))).toEqual({ "redemption.unitMinor": "Enter $0.01 or more." });
    expect(errorsOf(edit(draft, { "redemption.unitMinor": "0" }), jpy)).toEqual({ "redemption.unitMinor": "Enter ¥1 or more." });
  });

  it("refuses more than one point per cent of spend, next to the points", () => {
    expect(errorsOf(edit(draft, { "earn.points": "101", "earn.unitMinor": "1.00" }))).toEqual({
      "earn.points": "Give at most one point per cent (or smallest unit) of your currency: for 1.00, at most 100 points.",
    });
    expect(rulesOf(edit(draft, { "earn.points": "100", "earn.unitMinor": "1.00" })).earn).toMatchObject({ points: 100, unitMinor: 100 });
  });

  it("puts tier list problems on the tier they concern", () => {
    const [member, silver, gold] = draft.tiers;
    if (!member || !silver || !gold) throw new Error("three default tiers");
    expect(errorsOf(edit(draft, {}, [member, silver, { ...gold, threshold: "500.00" }]))).toEqual({
      "tiers.2.threshold": "Another tier starts at the same spend. Give each tier its own threshold.",
    });
    expect(errorsOf(edit(draft, {}, [{ ...member, threshold: "1" }, silver]))).toEqual({
      tiers: "One tier must start at 0, so every member has a tier.",
    });
    expect(errorsOf(edit(draft, {}, []))).toEqual({ tiers: "Add at least one tier." });
    const eleven = Array.from({ length: 11 }, (_, n) => ({ key: "", name: `T${n}`, threshold: String(n * 100), multiplierPercent: "1" }));
    expect(errorsOf(edit(draft, {}, eleven))).toEqual({ tiers: "A program can have at most 10 tiers." });
    expect(errorsOf(edit(draft, {}, [{ ...member, key: "Not A Key" }]))).toEqual({
      "tiers.0.key": "This tier could not be matched to a saved tier. Reload the page and try again.",
    });
  });

  it("reads a tier's entry reward, leaves out none, and refuses what is not a whole number of points", () => {
    const [member, silver] = draft.tiers;
    if (!member || !silver) throw new Error("the default program has tiers");
    const withReward = rulesOf(edit(draft, {}, [member, { ...silver, entryPoints: "250" }, ...draft.tiers.slice(2)]));
    expect(withReward.tiers.find((tier) => tier.key === "silver")).toMatchObject({ entryPoints: 250 });
    expect(rulesOf(edit(draft, {}, [member, { ...silver, entryPoints: "0" }, ...draft.tiers.slice(2)])).tiers.find((tier) => tier.key === "silver")).not.toHaveProperty("entryPoints");
    expect(errorsOf(edit(draft, {}, [member, { ...silver, entryPoints: "lots" }, ...draft.tiers.slice(2)]))).toEqual({ "tiers.1.entryPoints": "Enter a whole number, such as 12." });
    expect(errorsOf(edit(draft, {}, [member, { ...silver, entryPoints: "1000000" }, ...draft.tiers.slice(2)]))).toEqual({ "tiers.1.entryPoints": "Enter 100,000 or less." });
  });

  it("reads a tier's catalogue entry reward and the grace period, refusing a reward the catalogue lacks", () => {
    const [member, silver] = draft.tiers;
    if (!member || !silver) throw new Error("the default program has tiers");
    const tiersWith = (entryRewardId: string) => [member, { ...silver, entryRewardId }, ...draft.tiers.slice(2)];
    const rules = rulesOf(edit(draft, { tierGraceDays: "30" }, tiersWith("free-shipping")));
    expect(rules.tiers.find((tier) => tier.key === "silver")).toMatchObject({ entryRewardId: "free-shipping" });
    expect(rules.tierGraceDays).toBe(30);
    // None is left out, as programs saved before either existed have them.
    const none = rulesOf(edit(draft, { tierGraceDays: "0" }, tiersWith("")));
    expect(none.tiers.find((tier) => tier.key === "silver")).not.toHaveProperty("entryRewardId");
    expect(none.tierGraceDays).toBeUndefined();
    const message = "Choose a reward of the catalogue with a value of its own (not one priced per point).";
    expect(errorsOf(edit(draft, {}, tiersWith("no-such-reward")))).toEqual({ "tiers.1.entryRewardId": message });
    expect(errorsOf(edit(draft, {}, tiersWith("amount-off")))).toEqual({ "tiers.1.entryRewardId": message });
    expect(errorsOf(edit(draft, { tierGraceDays: "366" }, draft.tiers))).toEqual({ tierGraceDays: "Enter 365 or less." });
  });

  it("compares drafts by what they hold", () => {
    expect(sameDraft(draft, draftFromRules(defaults, usd))).toBe(true);
    expect(sameDraft(draft, edit(draft, { signupBonus: "150" }))).toBe(false);
  });

  it("gives the thresholds for the preview only when every one is an amount", () => {
    expect(draftThresholds(draft, usd)).toEqual([0, 50_000, 150_000]);
    expect(draftThresholds(edit(draft, {}, [...draft.tiers, { key: "", name: "X", threshold: "", multiplierPercent: "1" }]), usd)).toBeNull();
  });
});

describe("readDraft", () => {
  const saved = draftFromRules(defaultProgramRules(), usd);

  it("reads back what draftEntries wrote", () => {
    const changed = edit(saved, { signupBonus: "5" }, saved.tiers.slice(0, 1));
    expect(readDraft(draftEntries(changed), saved)).toEqual(changed);
  });

  it("keeps saved values for fields a script leaves out, and the saved tiers when it sends none", () => {
    expect(readDraft([["signupBonus", "250"], ["intent", "save"]], saved)).toEqual(edit(saved, { signupBonus: "250" }));
  });

  it("refuses a form that cannot be a program form", () => {
    expect(readDraft([["tiers.1.name", "Gap"]], saved)).toBeNull();
    expect(readDraft([["tiers.0.colour", "red"]], saved)).toBeNull();
    expect(readDraft([["signupBonus", new Blob(["1"])]], saved)).toBeNull();
  });
});

describe("assignTierKeys", () => {
  it("keeps existing keys and makes unique ones for new tiers from their names", () => {
    expect(
      assignTierKeys([
        { key: "member", name: "Member" },
        { key: "", name: "Gold" },
        { key: "gold", name: "Old gold" },
        { key: "", name: "Gold" },
        { key: "", name: "Élite VIP!" },
        { key: "", name: "★" },
      ]),
    ).toEqual(["member", "gold-2", "gold", "gold-3", "elite-vip", "tier"]);
  });
});
