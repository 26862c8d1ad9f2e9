// The create and revoke forms of the API keys page, parsed at the door.
import { z } from "zod";
import { API_SCOPES } from "~/loyalty/api-access/api-key";
import { apiKeyStrings as t } from "../strings/api-keys";

export const apiKeyFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string({ error: t.nameRequired }).trim().min(1, { error: t.nameRequired }).max(80, { error: t.nameTooLong }),
    scope: z.enum(API_SCOPES, { error: t.badScope }),
  }),
  z.object({ intent: z.literal("revoke"), keyId: z.string({ error: t.notFound }).regex(/^[0-9a-f]{16}$/, { error: t.notFound }) }),
]);
