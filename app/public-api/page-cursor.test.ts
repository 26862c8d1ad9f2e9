import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./page-cursor";

describe("page cursors", () => {
  it("give back the row they were made from", () => {
    const cursor = { createdAt: new Date("2026-12-04T10:00:00.123Z"), id: "9b1d-…" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("refuse anything else", () => {
    for (const bad of ["", "abc", Buffer.from("[1]").toString("base64url"), Buffer.from('["x","y"]').toString("base64url")]) expect(decodeCursor(bad)).toBeNull();
  });
});
