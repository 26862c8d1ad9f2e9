import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./transfer-ids";

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("transfer ids", () => {
  it("are version 7 UUIDs that carry their millisecond", () => {
    const at = Date.UTC(2026, 11, 7, 3, 45, 12, 345);
    const id = timeOrderedId(at);
    expect(id).toMatch(VERSION_7);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sort as their moments do, and never repeat", () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 20_000 }, (_, index) => timeOrderedId(start + Math.floor(index / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let index = 10; index < ids.length; index += 10) expect(String(ids[index - 1]) < String(ids[index])).toBe(true);
  });
});
