// The Program page's read model: a shop's program as the admin shows it, and the fingerprint of a saved draft.
// Saving is app/loyalty/program/save-program-rules.server.ts.
import { createHash } from "node:crypto";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { defaultProgramRules, parseProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { isTimeZone } from "~/loyalty/campaigns/campaign-rules";
import { draftEntries, type ProgramDraft } from "./program-form";

export interface ProgramSettings {
  /** False for a shop Tally has no row for: the page shows the defaults it would run, and cannot save. */
  installed: boolean;
  currencyCode: string;
  /**
   * The shop's IANA time zone (`shops.time_zone`, from Shopify on install), UTC until known: dates and times typed
   * on the page without a zone are the shop's local time.
   */
  timeZone: string;
  rules: ProgramRules;
}

export async function loadProgramSettings(prisma: ReadOnlyPrisma, shop: string): Promise<ProgramSettings> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, programRules: true, timeZone: true } });
  if (!row) return { installed: false, currencyCode: "USD", timeZone: "UTC", rules: defaultProgramRules() };
  const timeZone = row.timeZone && isTimeZone(row.timeZone) ? row.timeZone : "UTC";
  return { installed: true, currencyCode: row.currencyCode, timeZone, rules: parseProgramRules(row.programRules) };
}

/** A short fingerprint of a saved program as the form shows it. */
export function draftVersion(draft: ProgramDraft): string {
  return createHash("sha256").update(JSON.stringify(draftEntries(draft))).digest("hex").slice(0, 16);
}
