import { describe, expect, it } from "vitest";
import { readableTextOn, relativeLuminance } from "./contrast";

describe("readableTextOn", () => {
  it.each([
    ["#1f2937", "#ffffff"],
    ["#000", "#ffffff"],
    ["#ffffff", "#000000"],
    ["#ffd166", "#000000"],
    ["#008060", "#ffffff"],
  ])("on %s writes %s", (accent, text) => {
    expect(readableTextOn(accent)).toBe(text);
  });

  it("reads three- and six-digit hex alike and nothing else", () => {
    expect(relativeLuminance("#fff")).toBeCloseTo(1);
    expect(relativeLuminance("#FFFFFF")).toBeCloseTo(1);
    expect(relativeLuminance("red")).toBeNull();
  });
});
