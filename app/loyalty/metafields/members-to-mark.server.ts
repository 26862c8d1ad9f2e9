// The members' source of the metafields' marking (mark-members.server.ts), found by the database: the members
// updated in the window whose tier or referral code is not what Shopify was last given. Every order updates its
// member, so at hundreds of orders a second the window holds thousands of members; the database compares them
// instead of the app reading them all, page by page, on the thread that settles the queue (as the feed's sources
// do: docs/decisions/053-background-jobs-beside-the-intake.md).
import { dateOf, type DriverSql } from "~/db/driver-sql.server";
import type { Tier } from "~/loyalty/program/program-rules";

export interface MembersToMark {
  /** Members to mark, oldest update first. */
  ids: string[];
  /** The update time of the last member looked at (marked or not), where the source's cursor may move. */
  latest: Date | null;
}

/**
 * Shopify holds the tier's name (customer-metafields.ts); a tier key the program no longer has is held as the key.
 * One CASE per program shape: the statement is prepared once per number of tiers.
 */
function tierNameOf(tiers: readonly Tier[]): { sql: string; params: string[] } {
  if (tiers.length === 0) return { sql: "m.tier", params: [] };
  return { sql: `CASE m.tier ${tiers.map(() => "WHEN ? THEN ?").join(" ")} ELSE m.tier END`, params: tiers.flatMap((tier) => [tier.key, tier.name]) };
}

// A member with no row was never given to Shopify. A member already marked is written with their values as they
// are when the write goes, so only unmarked members are compared. A redacted member is never written.
const membersToMark = (tierName: string) => `
  SELECT m.id, m.updated_at
  FROM members m
  LEFT JOIN customer_metafield_syncs s ON s.member_id = m.id
  WHERE m.shop = ? AND m.updated_at >= ? AND m.redacted_at IS NULL
    AND (s.member_id IS NULL
      OR (s.dirty = FALSE AND (s.tier IS DISTINCT FROM ${tierName}
        OR (m.referral_code IS NOT NULL AND s.referral_code IS DISTINCT FROM m.referral_code))))
  ORDER BY m.updated_at, m.id
  LIMIT ?`;

const LATEST_MEMBER = "SELECT MAX(updated_at) AS latest FROM members WHERE shop = ? AND updated_at >= ?";

/** The shop's members updated from `from` on that Shopify holds other values for, at most `limit`. */
export async function membersToMarkSince(sql: DriverSql, shop: string, from: Date, tiers: readonly Tier[], limit: number): Promise<MembersToMark> {
  // The latest stamp first: a member updated between the two reads is looked at next run.
  const latest = dateOf((await sql.get<Record<string, unknown>>(LATEST_MEMBER, [shop, from]))?.latest);
  const tierName = tierNameOf(tiers);
  const rows = await sql.all<Record<string, unknown>>(membersToMark(tierName.sql), [shop, from, ...tierName.params, limit]);
  const last = rows.at(-1);
  return { ids: rows.map((row) => String(row.id)), latest: rows.length < limit || !last ? latest : dateOf(last.updated_at) };
}
