// Shops and their programs in the database: the one writer of shops (app/db/table-owners.mjs).
import { prismaOf, type Prisma, type ReadOnlyPrisma, type Writer } from "~/db/database.server";
import type { DriverSql } from "~/db/driver-sql.server";
import { readCustomerAccounts, type ShopSurfaces } from "~/loyalty/redemption/redeem-places";
import { defaultProgramRules, parseProgramRules, type ProgramRules } from "./program-rules";

export interface ShopRecord extends ShopSurfaces {
  domain: string;
  name: string;
  currencyCode: string;
  /** The shop's IANA time zone, as Shopify gives it on install; null until known (then UTC). */
  timeZone?: string | null;
  rules: ProgramRules;
}

/**
 * Registers a shop with the default program, or refreshes its name, currency, time zone, plan and customer accounts
 * when it exists. Rules are kept. A caller that does not know the time zone, plan or accounts leaves them as they are.
 */
export async function upsertShop(db: Writer, shop: { domain: string; name: string; currencyCode: string; timeZone?: string | null } & Partial<ShopSurfaces>): Promise<void> {
  const { shopifyPlus, customerAccounts, ...profile } = shop;
  const surfaces = { ...(shopifyPlus !== undefined ? { shopifyPlus } : {}), ...(customerAccounts !== undefined ? { customerAccounts } : {}) };
  await prismaOf(db).shop.upsert({
    where: { domain: shop.domain },
    create: { ...profile, ...surfaces, programRules: JSON.stringify(defaultProgramRules()) },
    update: { name: shop.name, currencyCode: shop.currencyCode, timeZone: shop.timeZone, ...surfaces, uninstalledAt: null },
  });
}

/**
 * The demo's shop, installed a year before its first seed: created with the default program and `installedAt`
 * when missing, left alone otherwise. Returns when it was installed.
 */
export async function ensureShopInstalledAt(db: Writer, shop: { domain: string; name: string; currencyCode: string }, installedAt: Date): Promise<Date> {
  const row = await prismaOf(db).shop.upsert({
    where: { domain: shop.domain },
    create: { ...shop, programRules: JSON.stringify(defaultProgramRules()), installedAt },
    update: {},
  });
  return row.installedAt;
}

/** app/uninstalled: the shop stays (its data waits for shop/redact) and is marked gone. */
export async function markShopUninstalled(db: Writer, domain: string, at: Date): Promise<void> {
  await prismaOf(db).shop.updateMany({ where: { domain }, data: { uninstalledAt: at } });
}

/** Orders were reconciled with the Admin API up to `at`. */
export async function markOrdersReconciled(db: Writer, domain: string, at: Date): Promise<void> {
  await prismaOf(db).shop.update({ where: { domain }, data: { ordersReconciledAt: at } });
}

/**
 * Claims the shop's tier check: marks it done at `now` unless another run has since `notSince`. True when this run
 * claimed it; the previous mark is returned so a run that fails can hand the check back.
 */
export async function claimTierCheck(db: Writer, domain: string, now: Date, notSince: Date): Promise<{ claimed: boolean; previous: Date | null }> {
  const prisma = prismaOf(db);
  const row = await prisma.shop.findUnique({ where: { domain }, select: { tiersCheckedAt: true } });
  if (!row) return { claimed: false, previous: null };
  const previous = row.tiersCheckedAt;
  if (previous && previous >= notSince) return { claimed: false, previous };
  // Conditional on the mark read: of two runs that read it, one moves it.
  const { count } = await prisma.shop.updateMany({ where: { domain, uninstalledAt: null, tiersCheckedAt: previous }, data: { tiersCheckedAt: now } });
  return { claimed: count === 1, previous };
}

/** Hands a claimed tier check back (the run failed): the next run does it again. */
export async function releaseTierCheck(db: Writer, domain: string, claimedAt: Date, previous: Date | null): Promise<void> {
  await prismaOf(db).shop.updateMany({ where: { domain, tiersCheckedAt: claimedAt }, data: { tiersCheckedAt: previous } });
}

/**
 * Takes the shop's row for a program save, first thing in its transaction: on SQLite a transaction that reads and
 * then writes fails when another connection wrote in between; on PostgreSQL it holds the row against a
 * concurrent save. False when the shop has no row.
 */
export async function lockShopProgram(tx: Pick<Prisma, "$executeRaw">, domain: string): Promise<boolean> {
  return (await tx.$executeRaw`UPDATE shops SET program_rules = program_rules WHERE domain = ${domain}`) > 0;
}

/** The shop's program from now on (docs/decisions/009-program-changes-apply-from-now-on.md). */
export async function setProgramRules(db: Writer | Pick<Prisma, "shop">, domain: string, rules: ProgramRules): Promise<void> {
  await prismaOf(db).shop.update({ where: { domain }, data: { programRules: JSON.stringify(rules) } });
}

/** Deletes the shop's row (shop/redact); returns how many (0 or 1). */
export async function eraseShopRecord(db: Writer, domain: string): Promise<number> {
  return (await prismaOf(db).shop.deleteMany({ where: { domain } })).count;
}

export async function findShop(prisma: ReadOnlyPrisma, domain: string): Promise<ShopRecord | null> {
  const row = await prisma.shop.findUnique({ where: { domain } });
  if (!row) return null;
  return {
    domain: row.domain,
    name: row.name,
    currencyCode: row.currencyCode,
    timeZone: row.timeZone,
    rules: parseProgramRules(row.programRules),
    shopifyPlus: row.shopifyPlus,
    customerAccounts: readCustomerAccounts(row.customerAccounts),
  };
}

/** The shop's program; a shop without a row (deliveries are only kept for installed shops) runs the defaults. */
export async function programRulesOf(prisma: ReadOnlyPrisma, domain: string): Promise<ProgramRules> {
  return (await findShop(prisma, domain))?.rules ?? defaultProgramRules();
}

/** The last rules parsed per shop, by their text: parsing them is a good part of settling one delivery. */
const parsedRules = new Map<string, { text: string; rules: ProgramRules }>();

function rulesFromText(domain: string, text: string): ProgramRules {
  const cached = parsedRules.get(domain);
  if (cached?.text === text) return cached.rules;
  const rules = parseProgramRules(text);
  parsedRules.set(domain, { text, rules });
  return rules;
}

/**
 * The program of an installed shop, read on the driver (every delivery reads it); null when the shop is not
 * installed: never installed, uninstalled, or erased.
 */
export async function installedShopRules(sql: DriverSql, domain: string): Promise<ProgramRules | null> {
  const row = await sql.get<{ program_rules: string; uninstalled_at: unknown }>(
    "SELECT program_rules, uninstalled_at FROM shops WHERE domain = ?",
    [domain],
  );
  if (!row || row.uninstalled_at !== null) return null;
  return rulesFromText(domain, row.program_rules);
}

/** The shop's program, read on the driver; a shop without a row runs the defaults (as programRulesOf). */
export async function programRulesNow(sql: DriverSql, domain: string): Promise<ProgramRules> {
  const row = await sql.get<{ program_rules: string }>("SELECT program_rules FROM shops WHERE domain = ?", [domain]);
  return row ? rulesFromText(domain, row.program_rules) : defaultProgramRules();
}
