import { describe, expect, it } from "vitest";
import { customEventMemo, EVENT_NAME_PATTERN, eventNameOfMemo } from "./custom-event";

describe("custom events", () => {
  it("keep their name at the head of the memo, before the note", () => {
    expect(customEventMemo({ event: "review_posted", points: 50, note: null })).toBe("review_posted");
    expect(customEventMemo({ event: "quiz.completed", points: 20, note: "Skin quiz: dry" })).toBe("quiz.completed: Skin quiz: dry");
    expect(eventNameOfMemo("quiz.completed: Skin quiz: dry")).toBe("quiz.completed");
    expect(eventNameOfMemo("review_posted")).toBe("review_posted");
    expect(eventNameOfMemo("Note removed with the customer's personal data")).toBeNull();
  });

  it("take lower-case names of at most 64 characters", () => {
    for (const good of ["review_posted", "quiz.completed", "a", "x-1"]) expect(EVENT_NAME_PATTERN.test(good)).toBe(true);
    for (const bad of ["", "Review", "_x", "a b", "a:b", "x".repeat(65)]) expect(EVENT_NAME_PATTERN.test(bad)).toBe(false);
  });
});
