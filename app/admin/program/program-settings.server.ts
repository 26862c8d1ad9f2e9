// The Program page's read model: a shop's program as the admin shows it, and the fingerprint of a saved draft.
// Saving is app/loyalty/program/save-program-rules.server.ts.
import { createHash } from "node:crypto";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { defaultProgramRules, parseProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { draftEntries, type ProgramDraft } from "./program-form";

export interface ProgramSettings {
  /** False for a shop Tally has no row for: the page shows the defaults it would run, and cannot save. */
  installed: boolean;
  currencyCode: string;
  rules: ProgramRules;
}

export async function loadProgramSettings(prisma: ReadOnlyPrisma, shop: string): Promise<ProgramSettings> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, programRules: true } });
  if (!row) return { installed: false, currencyCode: "USD", rules: defaultProgramRules() };
  return { installed: true, currencyCode: row.currencyCode, rules: parseProgramRules(row.programRules) };
}

/** A short fingerprint of a saved program as the form shows it. */
export function draftVersion(draft: ProgramDraft): string {
  return createHash("sha256").update(JSON.stringify(draftEntries(draft))).digest("hex").slice(0, 16);
}
