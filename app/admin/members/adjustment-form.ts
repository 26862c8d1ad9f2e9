// The manual adjustment form as submitted: points (±, whole, bounded), a required reason, and the key the page
// generated when it rendered the form, which makes a double submit one adjustment.
import { z } from "zod";
import { formatPoints } from "../format";
import { memberDetail as t } from "../strings/members";

/** The largest adjustment either way: a typo's extra zeros should not mint a fortune. */
export const MAX_ADJUSTMENT_POINTS = 1_000_000;
export const MAX_REASON_LENGTH = 200;

export const adjustmentFormSchema = z.object({
  points: z
    .string({ error: t.pointsRequired })
    .trim()
    .min(1, { error: t.pointsRequired })
    .regex(/^[+-]?\d{1,10}$/, { error: t.pointsWhole })
    .transform(Number)
    .refine((points) => points !== 0, { error: t.pointsNonZero })
    .refine((points) => Math.abs(points) <= MAX_ADJUSTMENT_POINTS, { error: t.pointsTooLarge(formatPoints(MAX_ADJUSTMENT_POINTS)) }),
  reason: z
    .string({ error: t.reasonRequired })
    .trim()
    .min(1, { error: t.reasonRequired })
    .max(MAX_REASON_LENGTH, { error: t.reasonTooLong(MAX_REASON_LENGTH) }),
  idempotencyKey: z.uuid({ error: t.staleForm }),
});
export type AdjustmentForm = z.infer<typeof adjustmentFormSchema>;

export interface AdjustmentErrors {
  points?: string;
  reason?: string;
  /** A problem with the form as a whole (e.g. a tampered or stale key). */
  form?: string;
}

/** The first message per field, for showing next to that field. */
export function adjustmentErrors(error: z.ZodError): AdjustmentErrors {
  const errors: AdjustmentErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0] === "points" || issue.path[0] === "reason" ? issue.path[0] : "form";
    errors[field] ??= issue.message;
  }
  return errors;
}
