// The member page's exclusion form as submitted: take the member out of the program or bring them back, with the
// reason the audit log keeps.
import { z } from "zod";
import { memberDetail as t } from "../strings/members";
import { MAX_REASON_LENGTH } from "./adjustment-form";

export const exclusionFormSchema = z.object({
  intent: z.enum(["exclude", "include"]),
  reason: z
    .string({ error: t.exclusionReasonRequired })
    .trim()
    .min(1, { error: t.exclusionReasonRequired })
    .max(MAX_REASON_LENGTH, { error: t.reasonTooLong(MAX_REASON_LENGTH) }),
});
