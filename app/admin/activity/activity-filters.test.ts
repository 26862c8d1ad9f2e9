import { describe, expect, it } from "vitest";
import { activitySearchSchema, dateRange, decodeCursor, encodeCursor } from "./activity-filters";

describe("activity filters", () => {
  it("round-trips a cursor and refuses a tampered one", () => {
    const cursor = { direction: "older" as const, createdAt: new Date("2026-11-28T07:00:00.123Z"), id: "4a6b-uuid" };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^o\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ ...cursor, direction: "newer" }))?.direction).toBe("newer");
    for (const bad of ["", "o.", "x.abc", "o.bm90IGpzb24", `o.${Buffer.from('["yesterday","id"]').toString("base64url")}`]) {
      expect(decodeCursor(bad), bad).toBeNull();
    }
  });

  it("parses the query string, treating empty fields as absent", () => {
    expect(activitySearchSchema.parse({ code: "", member: " ava ", from: "", to: "2026-11-28", cursor: "" })).toEqual({ view: "ledger", member: "ava", to: "2026-11-28" });
    expect(activitySearchSchema.parse({ view: "audit", action: "import.completed" })).toEqual({ view: "audit", action: "import.completed" });
  });

  it("refuses unknown codes, impossible dates and a reversed range", () => {
    const messages = (input: Record<string, string>) => {
      const parsed = activitySearchSchema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    };
    expect(messages({ code: "purchase" })).toEqual(["Choose a reason from the list."]);
    expect(messages({ from: "2026-02-30" })).toEqual(["Write dates as YYYY-MM-DD, for example 2026-11-28."]);
    expect(messages({ from: "2026-11-28", to: "2026-11-01" })).toEqual(["The “From” date must be on or before the “To” date."]);
    expect(messages({ member: "x".repeat(101) })).toEqual(["A member search can be at most 100 characters long."]);
  });

  it("covers whole UTC days, the end date included", () => {
    expect(dateRange({ from: "2026-11-01", to: "2026-11-02" })).toEqual({ gte: new Date("2026-11-01T00:00:00Z"), lt: new Date("2026-11-03T00:00:00Z") });
    expect(dateRange({})).toEqual({});
  });
});
