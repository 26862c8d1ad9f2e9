// What Shopify should hold on a member's customer: three metafields in Tally's app-owned namespace (points the
// member can spend, the tier's name, the referral code) and, when the merchant switches it on, one tag for the
// tier. Which writes bring Shopify in line, how they are packed into calls, and when a failed write is tried
// again (docs/metafields.md, docs/decisions/036-customer-metafields.md).

/** App-reserved: only Tally writes it; Shopify expands it to app--<app id>--tally in Liquid and the admin. */
export const METAFIELD_NAMESPACE = "$app:tally";

/** metafieldsSet takes at most 25 metafields per call (its description in the Admin schema). */
export const METAFIELDS_PER_CALL = 25;

/** A member's metafields are written at most once a minute, however often their points change. */
export const MIN_WRITE_INTERVAL_MS = 60_000;

export const METAFIELD_DEFINITIONS = [
  {
    key: "points",
    type: "number_integer",
    name: "Loyalty points",
    description: "Points the member can spend now, kept in step by Tally.",
  },
  {
    key: "tier",
    type: "single_line_text_field",
    name: "Loyalty tier",
    description: "The name of the member's tier in the loyalty program, kept in step by Tally.",
  },
  {
    key: "referral_code",
    type: "single_line_text_field",
    name: "Referral code",
    description: "The code the member shares with friends, kept in step by Tally.",
  },
] as const;

export type MetafieldKey = (typeof METAFIELD_DEFINITIONS)[number]["key"];

/** The member as the metafields show them, read when the write goes. */
export interface MemberValues {
  points: number;
  tier: string;
  /** Null while the member has no code yet: nothing is written for it. */
  referralCode: string | null;
}

/** What Shopify was last given; null for what was never written. */
export interface WrittenValues {
  points: number | null;
  tier: string | null;
  referralCode: string | null;
}

export const NOTHING_WRITTEN: WrittenValues = { points: null, tier: null, referralCode: null };

export interface MetafieldWrite {
  key: MetafieldKey;
  type: string;
  value: string;
}

function typeOf(key: MetafieldKey): string {
  return METAFIELD_DEFINITIONS.find((definition) => definition.key === key)?.type ?? "single_line_text_field";
}

/** The metafields whose value differs from what Shopify holds; none when it is in step. */
export function metafieldWrites(current: MemberValues, written: WrittenValues): MetafieldWrite[] {
  const writes: MetafieldWrite[] = [];
  if (current.points !== written.points) writes.push({ key: "points", type: typeOf("points"), value: String(current.points) });
  if (current.tier !== written.tier) writes.push({ key: "tier", type: typeOf("tier"), value: current.tier });
  if (current.referralCode !== null && current.referralCode !== written.referralCode) {
    writes.push({ key: "referral_code", type: typeOf("referral_code"), value: current.referralCode });
  }
  return writes;
}

/** What Shopify holds once `writes` went through. */
export function afterWrites(written: WrittenValues, current: MemberValues, writes: readonly MetafieldWrite[]): WrittenValues {
  const keys = new Set(writes.map((write) => write.key));
  return {
    points: keys.has("points") ? current.points : written.points,
    tier: keys.has("tier") ? current.tier : written.tier,
    referralCode: keys.has("referral_code") ? current.referralCode : written.referralCode,
  };
}

/**
 * Packs members' writes into calls of at most `perCall` metafields, in order, never splitting one member's writes
 * over two calls (so a member is written whole or not at all).
 */
export function packCalls<T extends { writes: readonly unknown[] }>(members: readonly T[], perCall = METAFIELDS_PER_CALL): T[][] {
  const calls: T[][] = [];
  let call: T[] = [];
  let size = 0;
  for (const member of members) {
    if (member.writes.length === 0) continue;
    if (size + member.writes.length > perCall && call.length > 0) {
      calls.push(call);
      call = [];
      size = 0;
    }
    call.push(member);
    size += member.writes.length;
  }
  if (call.length > 0) calls.push(call);
  return calls;
}

export const TIER_TAG_PREFIX = "tally-tier-";

/** The tag a member of the tier carries: from the tier's key, which a rename keeps, so segments keep working. */
export function tierTag(tierKey: string): string {
  return `${TIER_TAG_PREFIX}${tierKey}`;
}

/**
 * The tags to take off and put on so the customer carries exactly their tier's tag: every other tier's tag of the
 * program, and the tag last written if its tier has gone since. Null when the tag written is already the right one.
 */
export function tierTagChange(tierKey: string, programTierKeys: readonly string[], writtenTag: string | null): { add: string; remove: string[] } | null {
  const add = tierTag(tierKey);
  if (writtenTag === add) return null;
  const remove = new Set(programTierKeys.filter((key) => key !== tierKey).map(tierTag));
  if (writtenTag !== null) remove.add(writtenTag);
  return { add, remove: [...remove].sort() };
}

const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * When to try a member again after `attempts` failed writes: a minute, then twice as long each time, up to an
 * hour, for as long as it takes. A member is never given up on: their values still have to reach Shopify.
 */
export function nextAttemptAt(attempts: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS));
}

/** The Admin API's id of a Shopify customer. */
export function customerGid(customerId: string): string {
  return `gid://shopify/Customer/${customerId}`;
}

/**
 * What the metafields of every member depend on in the program: the tiers' names (a rename rewrites the members
 * of the tier) and whether tier tags are on (switching them on tags every member). A change marks the whole shop.
 */
export function programMark(tiers: readonly { key: string; name: string }[], tierTags: boolean): string {
  return JSON.stringify({ tiers: tiers.map((tier) => [tier.key, tier.name]), tierTags });
}
