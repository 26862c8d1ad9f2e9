// Shops and their programs in the database.
import type { Prisma } from "~/db/database.server";
import { defaultProgramRules, parseProgramRules, type ProgramRules } from "./program-rules";

export interface ShopRecord {
  domain: string;
  name: string;
  currencyCode: string;
  rules: ProgramRules;
}

/** Registers a shop with the default program, or refreshes its name and currency when it exists. Rules are kept. */
export async function upsertShop(prisma: Prisma, shop: { domain: string; name: string; currencyCode: string }): Promise<void> {
  await prisma.shop.upsert({
    where: { domain: shop.domain },
    create: { ...shop, programRules: JSON.stringify(defaultProgramRules()) },
    update: { name: shop.name, currencyCode: shop.currencyCode, uninstalledAt: null },
  });
}

export async function findShop(prisma: Prisma, domain: string): Promise<ShopRecord | null> {
  const row = await prisma.shop.findUnique({ where: { domain } });
  if (!row) return null;
  return { domain: row.domain, name: row.name, currencyCode: row.currencyCode, rules: parseProgramRules(row.programRules) };
}

/** The shop's program; a shop without a row (deliveries are only kept for installed shops) runs the defaults. */
export async function programRulesOf(prisma: Prisma, domain: string): Promise<ProgramRules> {
  return (await findShop(prisma, domain))?.rules ?? defaultProgramRules();
}
