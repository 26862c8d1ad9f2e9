import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { adjustmentErrors, adjustmentFormSchema } from "./adjustment-form";

const key = randomUUID();
const parse = (form: Record<string, unknown>) => adjustmentFormSchema.safeParse({ idempotencyKey: key, ...form });

describe("the manual adjustment form", () => {
  it.each([
    ["50", 50],
    ["+50", 50],
    [" -20 ", -20],
    ["1000000", 1_000_000],
    ["-1000000", -1_000_000],
  ])("reads %j as %d points", (points, expected) => {
    const parsed = parse({ points, reason: "  Goodwill  " });
    expect(parsed.success && parsed.data).toEqual({ points: expected, reason: "Goodwill", idempotencyKey: key });
  });

  it.each([
    [{ points: "0", reason: "x" }, { points: "Enter a number of points other than 0." }],
    [{ points: "1000001", reason: "x" }, { points: "An adjustment can be at most 1,000,000 points either way." }],
    [{ points: "1e3", reason: "x" }, { points: "Points must be a whole number, such as 50 or -50." }],
    [{ points: "99999999999", reason: "x" }, { points: "Points must be a whole number, such as 50 or -50." }],
    [{ reason: "x" }, { points: "Enter a number of points." }],
    [{ points: "5", reason: " " }, { reason: "Enter a reason for the adjustment." }],
    [{ points: "", reason: "" }, { points: "Enter a number of points.", reason: "Enter a reason for the adjustment." }],
  ])("refuses %o with one message per field", (form, errors) => {
    const parsed = parse(form);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(adjustmentErrors(parsed.error)).toEqual(errors);
  });

  it("sends a key that is not a UUID to the form as a whole", () => {
    const parsed = adjustmentFormSchema.safeParse({ points: "5", reason: "x", idempotencyKey: "1" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(adjustmentErrors(parsed.error)).toEqual({ form: "This form is out of date. Reload the page and try again." });
  });
});
