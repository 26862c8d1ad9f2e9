// The members list of the admin: one page of a shop's members with their balances, tier and progress, as plain
// data for the route to render.
//
// Raw SQL rather than Prisma's query API, for two reasons that differ between SQLite and PostgreSQL:
// - case-insensitive search: Prisma's `mode: "insensitive"` exists only on PostgreSQL, and `contains` is
//   case-insensitive on SQLite but not on PostgreSQL. LOWER(column) LIKE LOWER(pattern) means the same on both
//   (SQLite's LOWER folds ASCII letters only: "álvarez" does not find "Álvarez" there, "Alvarez" finds "alvarez").
// - sorting by balance: members without a balance row yet sort as 0 here, while Prisma's relation ordering
//   puts their NULLs first on PostgreSQL and last on SQLite.
import { z } from "zod";
import type { Prisma } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { tierByKey, tierProgress } from "~/loyalty/program/tiers";
import { en } from "~/admin/strings/en";

export const MEMBERS_PAGE_SIZE = 50;

const PAGE_MESSAGE = en.members.invalidPage;

/** The list's query string: `q` searches names and emails, `page` counts from 1. */
export const membersSearchSchema = z.object({
  q: z.string().trim().max(100, { error: en.members.searchTooLong }).default(""),
  page: z.coerce
    .number({ error: PAGE_MESSAGE })
    .int({ error: PAGE_MESSAGE })
    .min(1, { error: PAGE_MESSAGE })
    .max(1_000_000, { error: PAGE_MESSAGE })
    .default(1),
});
export type MembersSearch = z.infer<typeof membersSearchSchema>;

export interface MemberListing {
  id: string;
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tierName: string;
  available: number;
  /** Purchase points still inside the pending window. */
  pendingCredit: number;
  lifetimeEarned: number;
  /** Progress to the next tier, from the member's qualifying spend; null at the top tier. */
  nextTier: { name: string; percent: number; remainingMinor: number } | null;
}

export interface MembersPage {
  members: MemberListing[];
  currencyCode: string;
  search: string;
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
}

const rowSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  tier: z.string(),
  tierSpend: z.coerce.number().int(),
  available: z.coerce.number().int(),
  pendingCredit: z.coerce.number().int(),
  lifetimeEarned: z.coerce.number().int(),
});
const countSchema = z.object({ total: z.coerce.number().int() });

/** `text` as a LIKE pattern matching it anywhere, with LIKE's wildcards taken literally (escape character !). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

function filterFor(shop: string, search: string): Sql.Sql {
  if (search === "") return Sql.sql`WHERE m.shop = ${shop}`;
  // Lowered by the database, like the columns, so both sides fold case the same way on either database.
  const pattern = Sql.sql`LOWER(CAST(${containsPattern(search)} AS TEXT))`;
  // The full name as one string, so "ava mar" finds Ava Martin as well as "ava" or "martin" alone.
  return Sql.sql`WHERE m.shop = ${shop} AND (
    LOWER(COALESCE(m.first_name, '') || ' ' || COALESCE(m.last_name, '')) LIKE ${pattern} ESCAPE '!'
    OR LOWER(COALESCE(m.email, '')) LIKE ${pattern} ESCAPE '!'
  )`;
}

export async function queryMembers(prisma: Prisma, shop: string, search: MembersSearch): Promise<MembersPage> {
  const shopRecord = await findShop(prisma, shop);
  // No shop row means nothing was installed or seeded for this domain; it has no members either.
  const rules = shopRecord?.rules ?? defaultProgramRules();
  const where = filterFor(shop, search.q);

  const [countRow] = await prisma.$queryRaw<unknown[]>`SELECT COUNT(*) AS total FROM members m ${where}`;
  const { total } = countSchema.parse(countRow);
  const pageCount = Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE));
  const page = Math.min(search.page, pageCount);

  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT m.id, m.customer_id AS "customerId", m.first_name AS "firstName", m.last_name AS "lastName", m.email,
           m.tier, m.tier_spend AS "tierSpend",
           COALESCE(b.available, 0) AS available,
           COALESCE(b.pending_credit, 0) AS "pendingCredit",
           COALESCE(b.lifetime_earned, 0) AS "lifetimeEarned"
    FROM members m
    LEFT JOIN balances b ON b.member_id = m.id
    ${where}
    ORDER BY COALESCE(b.available, 0) DESC, LOWER(COALESCE(m.first_name, '')), LOWER(COALESCE(m.last_name, '')), m.id
    LIMIT ${MEMBERS_PAGE_SIZE} OFFSET ${(page - 1) * MEMBERS_PAGE_SIZE}`;

  const members = rows.map((raw): MemberListing => {
    const row = rowSchema.parse(raw);
    const progress = tierProgress(row.tierSpend, rules.tiers);
    return {
      id: row.id,
      customerId: row.customerId,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      tierName: tierByKey(row.tier, rules.tiers).name,
      available: row.available,
      pendingCredit: row.pendingCredit,
      lifetimeEarned: row.lifetimeEarned,
      nextTier: progress.next ? { name: progress.next.name, percent: progress.percent, remainingMinor: progress.remainingMinor } : null,
    };
  });

  return {
    members,
    currencyCode: shopRecord?.currencyCode ?? "USD",
    search: search.q,
    page,
    pageCount,
    pageSize: MEMBERS_PAGE_SIZE,
    total,
  };
}
