import { describe, expect, it } from "vitest";
import { pausedAt, withPauseRecorded } from "./program-pause";
import { defaultProgramRules } from "./program-rules";

const at = (iso: string) => new Date(iso);

describe("the pause switch", () => {
  const running = defaultProgramRules();

  it("opens a period when switched on and closes it when switched off, keeping earlier ones", () => {
    const paused = withPauseRecorded(running, { ...running, paused: true }, at("2026-12-01T10:00:00Z"));
    expect(paused.pauses).toEqual([{ from: "2026-12-01T10:00:00.000Z", to: null }]);
    const resumed = withPauseRecorded(paused, { ...paused, paused: undefined }, at("2026-12-03T10:00:00Z"));
    expect(resumed.pauses).toEqual([{ from: "2026-12-01T10:00:00.000Z", to: "2026-12-03T10:00:00.000Z" }]);
    const again = withPauseRecorded(resumed, { ...resumed, paused: true, pauses: [] }, at("2026-12-05T10:00:00Z"));
    // A form cannot rewrite the record: the saved periods are the ones kept.
    expect(again.pauses).toHaveLength(2);
  });

  it("leaves the record alone when the switch does not move", () => {
    expect(withPauseRecorded(running, { ...running }, at("2026-12-01T10:00:00Z")).pauses).toBeUndefined();
  });

  it("answers for a moment: inside a closed or an open period, not before or after", () => {
    const rules = {
      pauses: [
        { from: "2026-12-01T10:00:00.000Z", to: "2026-12-03T10:00:00.000Z" },
        { from: "2026-12-05T10:00:00.000Z", to: null },
      ],
    };
    expect(pausedAt(rules, at("2026-12-01T09:59:59Z"))).toBe(false);
    expect(pausedAt(rules, at("2026-12-01T10:00:00Z"))).toBe(true);
    expect(pausedAt(rules, at("2026-12-03T10:00:00Z"))).toBe(false);
    expect(pausedAt(rules, at("2027-06-01T00:00:00Z"))).toBe(true);
  });
});
