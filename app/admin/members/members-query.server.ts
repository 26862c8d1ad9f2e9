// The members list of the admin: one page of a shop's members with their balances, tier and progress, as plain
// data for the route to render.
//
// Raw SQL rather than Prisma's query API, for two reasons that differ between SQLite and PostgreSQL:
// - case-insensitive search: Prisma's `mode: "insensitive"` exists only on PostgreSQL, and `contains` is
//   case-insensitive on SQLite but not on PostgreSQL. The search matches members.search_text, written LOWER()ed
//   by the database, against a LOWER()ed pattern, which means the same on both (SQLite's LOWER folds ASCII letters
//   only: "álvarez" does not find "Álvarez" there, "Alvarez" finds "alvarez").
// - sorting by balance: members without a balance row yet sort as 0 here, while Prisma's relation ordering
//   puts their NULLs first on PostgreSQL and last on SQLite.
// Names sort by search_text ("first last", then the email, lowered) and emails by LOWER(email), in the database's
// collation: the same order on SQLite and on a PostgreSQL database created with the C or C.UTF-8 collation (as
// here); a language collation such as en_US orders punctuation and accents differently.
import { z } from "zod";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { defaultProgramRules, type Tier, type TierMeasure } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { tierByKey, tierFor, tierProgress } from "~/loyalty/tiers/tiers";
import { en } from "~/admin/strings/en";
import { MEMBER_SORTS, membersList, type MemberSort } from "~/admin/strings/members";

export const MEMBERS_PAGE_SIZE = 50;

const PAGE_MESSAGE = en.members.invalidPage;

export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * The list's query string: `q` searches names and emails, `tier` keeps one tier's members, `sort` and `order`
 * order them, `page` counts from 1. Whether the tier exists in the shop's program is checked by queryMembers.
 */
export const membersSearchSchema = z.object({
  q: z.string().trim().max(100, { error: en.members.searchTooLong }).default(""),
  tier: z
    .string()
    .trim()
    .max(40, { error: membersList.invalidTierFormat })
    .regex(/^[a-z0-9-]*$/, { error: membersList.invalidTierFormat })
    .default(""),
  sort: z.enum(MEMBER_SORTS, { error: membersList.invalidSort }).default("available"),
  order: z.enum(SORT_ORDERS, { error: membersList.invalidOrder }).optional(),
  page: z.coerce
    .number({ error: PAGE_MESSAGE })
    .int({ error: PAGE_MESSAGE })
    .min(1, { error: PAGE_MESSAGE })
    .max(1_000_000, { error: PAGE_MESSAGE })
    .default(1),
});
export type MembersSearch = z.infer<typeof membersSearchSchema>;

/** The order a sort takes when the query string does not say: names A–Z, amounts and dates highest first. */
export function defaultOrder(sort: MemberSort): SortOrder {
  return sort === "name" || sort === "email" ? "asc" : "desc";
}

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
  /** ISO date-time the member joined. */
  joinedAt: string;
  /** Progress to the next tier, from the member's qualifying spend; null at the top tier. */
  nextTier: { name: string; percent: number; remainingAmount: number } | null;
}

export interface MembersPage {
  members: MemberListing[];
  currencyCode: string;
  /** What the tiers follow: each listing's `nextTier.remainingAmount` is in it. */
  tierMeasure: TierMeasure;
  search: string;
  tier: string;
  sort: MemberSort;
  order: SortOrder;
  /** The program's tiers, for the filter. */
  tiers: { key: string; name: string }[];
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
}

export type MembersQueryResult = { ok: true; page: MembersPage } | { ok: false; error: "unknown_tier"; message: string };

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
  createdAt: z.coerce.date(),
});
const countSchema = z.object({ total: z.coerce.number().int() });

/** `text` as a LIKE pattern matching it anywhere, with LIKE's wildcards taken literally (escape character !). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

function searchFilter(shop: string, search: string): Sql.Sql {
  // search_text holds "first last", a line break and the email, lowered by the database (a trigger keeps it), so
  // "ava mar" finds Ava Martin as well as "ava" or "martin" alone. The pattern is lowered by the same database,
  // so both sides fold case the same way on either database. Written as a subquery that the members(shop,
  // search_text, id) index answers alone: one scan of a narrow index instead of lowering three columns of every
  // member. The outer query then looks the matches up by id: with its own m.shop condition SQLite (which has no
  // statistics) would walk every member of the shop along a members(shop, ...) index instead.
  return Sql.sql`m.id IN (
    SELECT s.id FROM members s
    WHERE s.shop = ${shop} AND s.search_text LIKE LOWER(CAST(${containsPattern(search)} AS TEXT)) ESCAPE '!'
  )`;
}

/**
 * Members holding `tier`. The entry tier also holds members whose stored key names a tier the merchant has since
 * removed (tierByKey shows them in the entry tier), so it is written as "none of the other tiers".
 */
function tierFilter(tier: Tier | null, tiers: readonly Tier[]): Sql.Sql {
  if (!tier) return Sql.empty;
  if (tier.key !== tierFor(0, tiers).key) return Sql.sql`AND m.tier = ${tier.key}`;
  const others = tiers.filter((candidate) => candidate.key !== tier.key).map((candidate) => candidate.key);
  return others.length === 0 ? Sql.empty : Sql.sql`AND m.tier NOT IN (${Sql.join(others)})`;
}

// Names sort by search_text, "first last" then the email, lowered: the members(shop, search_text, id) index holds
// that order, so a name sort reads it page by page instead of sorting every member.
const NAME = Sql.sql`m.search_text`;

/** ORDER BY for a sort; every order ends on the member id so pages never overlap or skip. */
function orderBy(sort: MemberSort, order: SortOrder): Sql.Sql {
  const direction = Sql.raw(order === "asc" ? "ASC" : "DESC");
  switch (sort) {
    case "name":
      return Sql.sql`m.search_text ${direction}, m.id ${direction}`;
    case "email":
      return Sql.sql`LOWER(COALESCE(m.email, '')) ${direction}, m.id`;
    case "available":
      return Sql.sql`COALESCE(b.available, 0) ${direction}, ${NAME}, m.id`;
    case "lifetime":
      return Sql.sql`COALESCE(b.lifetime_earned, 0) ${direction}, ${NAME}, m.id`;
    case "joined":
      return Sql.sql`m.created_at ${direction}, m.id ${direction}`;
  }
}

const PAGE_COLUMNS = Sql.sql`
  m.id, m.customer_id AS "customerId", m.first_name AS "firstName", m.last_name AS "lastName", m.email,
  m.tier, m.tier_spend AS "tierSpend", m.created_at AS "createdAt",
  COALESCE(b.available, 0) AS available,
  COALESCE(b.pending_credit, 0) AS "pendingCredit",
  COALESCE(b.lifetime_earned, 0) AS "lifetimeEarned"`;

/**
 * Any sort: the page's ids first, sorted over narrow rows (without the balances join when the sort does not need
 * it), then the 50 full rows. The sort over every matching member is what costs at 100,000 members.
 */
async function sortedPage(prisma: ReadOnlyPrisma, where: Sql.Sql, sort: MemberSort, sortOrder: Sql.Sql, offset: number): Promise<unknown[]> {
  const balancesJoin = sort === "available" || sort === "lifetime" ? Sql.sql`LEFT JOIN balances b ON b.member_id = m.id` : Sql.empty;
  return prisma.$queryRaw<unknown[]>`
    SELECT ${PAGE_COLUMNS}
    FROM (
      SELECT m.id FROM members m ${balancesJoin}
      ${where}
      ORDER BY ${sortOrder}
      LIMIT ${MEMBERS_PAGE_SIZE} OFFSET ${offset}
    ) page
    JOIN members m ON m.id = page.id
    LEFT JOIN balances b ON b.member_id = m.id
    ORDER BY ${sortOrder}`;
}

const countRowSchema = z.object({ n: z.coerce.number().int() });
const availableRowSchema = z.object({ available: z.coerce.number().int() });

/** The `available` of the member at `position` (from 0) among the shop's members with points, most first. */
async function availableAt(prisma: ReadOnlyPrisma, shop: string, position: number): Promise<number> {
  const [row] = await prisma.$queryRaw<unknown[]>`
    SELECT available FROM balances WHERE shop = ${shop} AND available > 0
    ORDER BY available DESC LIMIT 1 OFFSET ${position}`;
  return availableRowSchema.parse(row).available;
}

/**
 * The list as it opens (every member, most available points first, then by name), at any page, without sorting
 * every member. Members with points come first in this order; their part of the page is found along the
 * balances(shop, available) index alone: the amounts at the page's first and last positions bound the rows to
 * read, and only those (the page plus the members tied with its ends) are joined and sorted by name. The members
 * without points (no balance row yet, or 0) follow, sorted by name; only the last pages reach them. Null for any
 * other sort or a filter: the general query answers those.
 */
async function richestFirstPage(prisma: ReadOnlyPrisma, shop: string, search: MembersSearch, order: SortOrder, offset: number, total: number): Promise<unknown[] | null> {
  if (search.sort !== "available" || order !== "desc" || search.q !== "" || search.tier !== "") return null;
  const [countRow] = await prisma.$queryRaw<unknown[]>`SELECT COUNT(*) AS n FROM balances WHERE shop = ${shop} AND available > 0`;
  const withPoints = countRowSchema.parse(countRow).n;
  let rows: unknown[] = [];
  if (offset < withPoints) {
    const last = Math.min(offset + MEMBERS_PAGE_SIZE, withPoints) - 1;
    const highest = await availableAt(prisma, shop, offset);
    const lowest = await availableAt(prisma, shop, last);
    const [aboveRow] = await prisma.$queryRaw<unknown[]>`SELECT COUNT(*) AS n FROM balances WHERE shop = ${shop} AND available > ${highest}`;
    const above = countRowSchema.parse(aboveRow).n;
    rows = await prisma.$queryRaw<unknown[]>`
      SELECT ${PAGE_COLUMNS}
      FROM balances b
      JOIN members m ON m.id = b.member_id
      WHERE b.shop = ${shop} AND m.shop = ${shop} AND b.available >= ${lowest} AND b.available <= ${highest}
      ORDER BY b.available DESC, ${NAME}, m.id
      LIMIT ${last - offset + 1} OFFSET ${offset - above}`;
  }
  if (rows.length < MEMBERS_PAGE_SIZE && offset + rows.length < total) {
    const rest = await withoutPointsPage(prisma, shop, Math.max(0, offset - withPoints), MEMBERS_PAGE_SIZE - rows.length, total - withPoints);
    rows = [...rows, ...rest];
  }
  return rows;
}

/**
 * Rows `skip` to `skip + limit` of the members without points (no balance row, or nothing available), by name.
 * With no negative balance in the shop they all count as 0, so their order is the members(shop, search_text, id)
 * index's: it is walked from whichever end is nearer, skipping members with points, and only the page is read.
 */
async function withoutPointsPage(prisma: ReadOnlyPrisma, shop: string, skip: number, limit: number, count: number): Promise<unknown[]> {
  const [negativeRow] = await prisma.$queryRaw<unknown[]>`SELECT COUNT(*) AS n FROM balances WHERE shop = ${shop} AND available < 0`;
  if (countRowSchema.parse(negativeRow).n > 0) {
    return prisma.$queryRaw<unknown[]>`
      SELECT ${PAGE_COLUMNS}
      FROM members m
      LEFT JOIN balances b ON b.member_id = m.id
      WHERE m.shop = ${shop} AND COALESCE(b.available, 0) <= 0
      ORDER BY COALESCE(b.available, 0) DESC, ${NAME}, m.id
      LIMIT ${limit} OFFSET ${skip}`;
  }
  const take = Math.max(0, Math.min(limit, count - skip));
  const fromEnd = count - skip - take < skip;
  const direction = Sql.raw(fromEnd ? "DESC" : "ASC");
  const ids = await prisma.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM members m
    WHERE m.shop = ${shop} AND NOT EXISTS (SELECT 1 FROM balances b WHERE b.member_id = m.id AND b.available > 0)
    ORDER BY m.search_text ${direction}, m.id ${direction}
    LIMIT ${take} OFFSET ${fromEnd ? count - skip - take : skip}`;
  if (ids.length === 0) return [];
  return prisma.$queryRaw<unknown[]>`
    SELECT ${PAGE_COLUMNS}
    FROM members m
    LEFT JOIN balances b ON b.member_id = m.id
    WHERE m.id IN (${Sql.join(ids.map((row) => row.id))})
    ORDER BY m.search_text, m.id`;
}

export async function queryMembers(prisma: ReadOnlyPrisma, shop: string, search: MembersSearch): Promise<MembersQueryResult> {
  const shopRecord = await findShop(prisma, shop);
  // No shop row means nothing was installed or seeded for this domain; it has no members either.
  const rules = shopRecord?.rules ?? defaultProgramRules();
  const tier = search.tier === "" ? null : (rules.tiers.find((candidate) => candidate.key === search.tier) ?? null);
  if (search.tier !== "" && !tier) {
    const known = rules.tiers.map((candidate) => candidate.key).join(", ");
    return { ok: false, error: "unknown_tier", message: membersList.invalidTier(search.tier, known) };
  }
  const order = search.order ?? defaultOrder(search.sort);
  const where =
    search.q === ""
      ? Sql.sql`WHERE m.shop = ${shop} ${tierFilter(tier, rules.tiers)}`
      : Sql.sql`WHERE ${searchFilter(shop, search.q)} ${tierFilter(tier, rules.tiers)}`;

  // Counted on members alone: with no search this is an index-only count over members(shop, tier).
  const [countRow] = await prisma.$queryRaw<unknown[]>`SELECT COUNT(*) AS total FROM members m ${where}`;
  const { total } = countSchema.parse(countRow);
  const pageCount = Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE));
  const page = Math.min(search.page, pageCount);

  const sortOrder = orderBy(search.sort, order);
  const offset = (page - 1) * MEMBERS_PAGE_SIZE;
  const rows = (await richestFirstPage(prisma, shop, search, order, offset, total)) ?? (await sortedPage(prisma, where, search.sort, sortOrder, offset));

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
      joinedAt: row.createdAt.toISOString(),
      nextTier: progress.next ? { name: progress.next.name, percent: progress.percent, remainingAmount: progress.remainingAmount } : null,
    };
  });

  return {
    ok: true,
    page: {
      members,
      currencyCode: shopRecord?.currencyCode ?? "USD",
      tierMeasure: rules.tierMeasure,
      search: search.q,
      tier: search.tier,
      sort: search.sort,
      order,
      tiers: rules.tiers.map((candidate) => ({ key: candidate.key, name: candidate.name })),
      page,
      pageCount,
      pageSize: MEMBERS_PAGE_SIZE,
      total,
    },
  };
}
