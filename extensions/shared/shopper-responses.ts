// The shapes of Tally's /api/shopper answers (docs/shopper-api.md) and the checks that turn untrusted JSON into
// them. Hand-written rather than a schema library: every byte counts against checkout's bundle budget.

export interface Reward {
  id: string;
  title: string;
  points: number;
  affordable: boolean;
}

export interface TierProgress {
  /** The next tier's name. */
  nextTier: string;
  /** 0–100: how far the member is towards it. */
  percent: number;
  /** What is left to spend, already formatted in the shop's currency, when the backend gives it. */
  remaining: string | null;
}

export interface HistoryEntry {
  id: string;
  /** The ledger's transfer code: PURCHASE, REDEMPTION, REFERRAL_ADVOCATE… */
  code: string;
  /** Signed: negative when points were spent or taken back. */
  points: number;
  status: "pending" | "posted" | "voided";
  createdAt: string;
}

export interface ReferralMade {
  id: string;
  /** The friend as the backend chooses to show them (a first name, or initials). */
  friend: string;
  status: "pending" | "rewarded" | "rejected";
  createdAt: string;
}

export interface SignedInSummary {
  signedIn: true;
  balance: { available: number; pending: number };
  tier: { name: string; progress: TierProgress | null } | null;
  referral: { code: string; url: string };
  rewards: Reward[];
  history: HistoryEntry[];
  referrals: ReferralMade[];
}

export type Summary = SignedInSummary | { signedIn: false };

export interface Redemption {
  code: string;
  points: number;
  expiresAt: string;
  reward: { title: string };
}

export type ReferralCheck =
  | { valid: true; discountCode: string; friendDiscountPercent: number | null }
  | { valid: false; reason: string };

export interface OrderPoints {
  points: number;
  status: "pending" | "posted" | "none";
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

function list<T>(value: unknown, parseItem: (item: unknown) => T | null): T[] {
  if (!Array.isArray(value)) return [];
  return value.map(parseItem).filter((item): item is T => item !== null);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return allowed.includes(value as T) ? (value as T) : null;
}

function parseReward(value: unknown): Reward | null {
  if (!isObject(value) || !isString(value.id) || !isString(value.title) || !isCount(value.points)) return null;
  return { id: value.id, title: value.title, points: value.points, affordable: value.affordable === true };
}

function parseTierProgress(value: unknown): TierProgress | null {
  if (!isObject(value) || !isString(value.nextTier) || typeof value.percent !== "number") return null;
  return {
    nextTier: value.nextTier,
    percent: Math.min(100, Math.max(0, value.percent)),
    remaining: isString(value.remaining) ? value.remaining : null,
  };
}

function parseHistoryEntry(value: unknown): HistoryEntry | null {
  if (!isObject(value) || !isString(value.id) || !isString(value.code) || !isCount(value.points) || !isString(value.createdAt)) return null;
  return { id: value.id, code: value.code, points: value.points, status: oneOf(value.status, ["pending", "posted", "voided"] as const) ?? "posted", createdAt: value.createdAt };
}

function parseReferralMade(value: unknown): ReferralMade | null {
  if (!isObject(value) || !isString(value.id) || !isString(value.createdAt)) return null;
  const status = oneOf(value.status, ["pending", "rewarded", "rejected"] as const);
  if (status === null) return null;
  return { id: value.id, friend: isString(value.friend) ? value.friend : "", status, createdAt: value.createdAt };
}

export function parseSummary(json: unknown): Summary | null {
  if (!isObject(json)) return null;
  if (json.signedIn === false) return { signedIn: false };
  if (json.signedIn !== true) return null;
  const { balance, referral, tier } = json;
  if (!isObject(balance) || !isCount(balance.available) || !isCount(balance.pending)) return null;
  if (!isObject(referral) || !isString(referral.code) || !isString(referral.url)) return null;
  return {
    signedIn: true,
    balance: { available: balance.available, pending: balance.pending },
    tier: isObject(tier) && isString(tier.name) ? { name: tier.name, progress: parseTierProgress(tier.progress) } : null,
    referral: { code: referral.code, url: referral.url },
    rewards: list(json.rewards, parseReward),
    history: list(json.history, parseHistoryEntry),
    referrals: list(json.referrals, parseReferralMade),
  };
}

export function parseRedemption(json: unknown): Redemption | null {
  if (!isObject(json) || !isString(json.code) || !isCount(json.points) || !isString(json.expiresAt)) return null;
  const title = isObject(json.reward) && isString(json.reward.title) ? json.reward.title : "";
  return { code: json.code, points: json.points, expiresAt: json.expiresAt, reward: { title } };
}

export function parseReferralCheck(json: unknown): ReferralCheck | null {
  if (!isObject(json)) return null;
  if (json.valid === true && isString(json.discountCode)) {
    const percent = isObject(json.friendDiscount) && typeof json.friendDiscount.percent === "number" ? json.friendDiscount.percent : null;
    return { valid: true, discountCode: json.discountCode, friendDiscountPercent: percent };
  }
  if (json.valid === false) return { valid: false, reason: isString(json.reason) ? json.reason : "not_found" };
  return null;
}

export function parseOrderPoints(json: unknown): OrderPoints | null {
  if (!isObject(json) || !isCount(json.points)) return null;
  const status = oneOf(json.status, ["pending", "posted", "none"] as const);
  return status === null ? null : { points: json.points, status };
}

export function parseEstimate(json: unknown): { points: number } | null {
  return isObject(json) && isCount(json.points) ? { points: json.points } : null;
}
