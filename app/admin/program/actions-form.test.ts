import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { diffProgramRules } from "~/loyalty/program/program-diff";
import { draftEntries, draftFromRules, moneyFormat, readDraft, rulesFromDraft, type ProgramDraft } from "./program-form";

const usd = moneyFormat("USD");
const saved = draftFromRules(defaultProgramRules(), usd);

function submit(entries: [string, string][]): ProgramDraft {
  const draft = readDraft(entries, saved);
  if (!draft) throw new Error("unreadable form");
  return draft;
}

describe("the Program page's actions that earn", () => {
  it("start off, with no links and no event rules, and a program saved before them reads the same", () => {
    const rules = defaultProgramRules();
    expect(rules.actions).toEqual({ newsletter: { enabled: false, points: 100 }, social: { enabled: false, points: 50, links: [] }, customEvents: [] });
    expect(saved.actions.events).toEqual([]);
    expect(Object.values(saved.actions.links).every((url) => url === "")).toBe(true);
    const result = rulesFromDraft(saved, usd);
    expect(result.ok && diffProgramRules(rules, result.rules)).toEqual([]);
  });

  it("reads switches, links and event rules back into the program, and the diff names each by key", () => {
    const draft = submit([
      ["actions.newsletter.enabled", "true"],
      ["actions.newsletter.points", "80"],
      ["actions.social.enabled", "true"],
      ["social.instagram", " https://www.instagram.com/tallyshop "],
      ["events.0.event", "review_posted"],
      ["events.0.points", "50"],
      ["events.0.limit", "once"],
      ["events.0.times", "1"],
      ["events.0.label", "Review a product"],
      ["events.1.event", "quiz.completed"],
      ["events.1.points", "20"],
      ["events.1.limit", "week"],
      ["events.1.times", "2"],
      ["events.1.label", ""],
    ]);
    const result = rulesFromDraft(draft, usd);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.rules.actions).toEqual({
      newsletter: { enabled: true, points: 80 },
      social: { enabled: true, points: 50, links: [{ network: "instagram", url: "https://www.instagram.com/tallyshop" }] },
      customEvents: [
        { event: "review_posted", points: 50, limit: { kind: "once" }, label: "Review a product" },
        { event: "quiz.completed", points: 20, limit: { kind: "per_period", period: "week", times: 2 } },
      ],
    });
    expect(diffProgramRules(defaultProgramRules(), result.rules)).toEqual([
      { path: "actions.newsletter.enabled", from: false, to: true },
      { path: "actions.newsletter.points", from: 100, to: 80 },
      { path: "actions.social.enabled", from: false, to: true },
      { path: "actions.social.links.instagram", from: null, to: { url: "https://www.instagram.com/tallyshop" } },
      { path: "actions.customEvents.review_posted", from: null, to: { points: 50, limit: "once", label: "Review a product" } },
      { path: "actions.customEvents.quiz.completed", from: null, to: { points: 20, limit: "2/week" } },
    ]);
    // The saved program's draft gives the same form back, trimmed.
    const again = draftFromRules(result.rules, usd);
    expect(again.actions.links.instagram).toBe("https://www.instagram.com/tallyshop");
    expect(again.actions.events).toEqual(draft.actions.events);
    expect(draftEntries(again).filter(([name]) => name.startsWith("events."))).toEqual(draftEntries(draft).filter(([name]) => name.startsWith("events.")));
  });

  it("puts each problem next to its field and refuses the save", () => {
    const result = rulesFromDraft(
      submit([
        ["actions.newsletter.points", "0"],
        ["social.instagram", "http://www.instagram.com/tallyshop"],
        ["social.tiktok", "https://evil.example.com/@tallyshop"],
        ["events.0.event", "Review Posted"],
        ["events.0.points", "many"],
        ["events.0.limit", "once"],
        ["events.0.times", "1"],
        ["events.0.label", ""],
        ["events.1.event", "quiz"],
        ["events.1.points", "5"],
        ["events.1.limit", "hour"],
        ["events.1.times", "1"],
        ["events.1.label", ""],
        ["events.2.event", "quiz"],
        ["events.2.points", "5"],
        ["events.2.limit", "day"],
        ["events.2.times", "0"],
        ["events.2.label", ""],
      ]),
      usd,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      "actions.newsletter.points": "Enter 1 or more.",
      "social.instagram": expect.stringContaining("https link"),
      "social.tiktok": expect.stringContaining("https link"),
      "events.0.event": expect.stringContaining("lower-case"),
      "events.0.points": "Enter a whole number, such as 12.",
      "events.1.limit": "Choose how often the event earns.",
      "events.2.times": "Enter 1 or more.",
      events: "Each event name can have one rule.",
    });
  });

  it("refuses a form with an action entry that cannot exist", () => {
    expect(readDraft([["social.myspace", "https://myspace.com/x"]], saved)).toBeNull();
    expect(readDraft([["events.0.colour", "red"]], saved)).toBeNull();
    expect(readDraft([["events.1.event", "quiz"]], saved)).toBeNull();
  });
});
