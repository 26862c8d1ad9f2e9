// What the extensions read from Tally's /api/shopper answers (docs/shopper-api.md) and the checks that turn
// untrusted JSON into it. Hand-written rather than parsed with the contract's zod/mini schemas: zod/mini adds about
// 40 KB (12 KB compressed) to each bundle, which takes checkout and thank-you past their 20 KB budget
// (docs/decisions/025-one-shopper-contract.md). The contract still holds these checks: each object is read as
// `Fields<the contract's type>` (contract/shopper-api.ts, imported for types only, so no zod is bundled), so a field
// name the contract does not have fails to typecheck, and test/shopper/shopper-contract.test.ts reads the server's
// real answers through these functions.
import type {
  OrderPointsResponse,
  RedeemResponse,
  ReferralCheckResponse,
  SignedInSummary as ContractSummary,
  EstimateResponse,
  ProgramExplainer,
  OrderStatusResponse,
  BirthdayResponse,
  SocialFollowResponse,
} from "../../contract/shopper-api";
import type { CampaignTerms } from "../../app/loyalty/campaigns/campaign-points";
import { REDEEM_PLACES, type RedeemPlace } from "../../app/loyalty/redemption/redeem-places";

export interface Reward {
  id: string;
  title: string;
  points: number;
  affordable: boolean;
}

export interface TierProgress {
  /** The next tier's name. */
  nextTierName: string;
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

export interface Referral {
  code: string;
  url: string;
  /** What a friend gets and what the member earns, when the program says. */
  friendDiscountPercent: number | null;
  advocatePoints: number | null;
  /** Friends' orders that carried the code: all of them, those rewarded, those still in the pending window. */
  made: number;
  rewarded: number;
  pending: number;
}

/** A reward code bought and neither used nor lapsed. */
export interface UnusedCode {
  code: string;
  points: number;
  expiresAt: string;
  title: string;
}

/** The birthday the shopper gave, and from when they may change it (ISO time). */
export interface MemberBirthday {
  month: number;
  day: number;
  changeableFrom: string;
}

/** One of the program's ways to earn, worded by the backend; a "social" one carries its network and page. */
export interface WayToEarn {
  kind: string;
  points: number;
  text: string;
  social: { network: string; url: string } | null;
}

/** The answer to a "Follow us" click: the points it earned (0 when credited before). */
export interface SocialFollow {
  points: number;
  alreadyCredited: boolean;
  message: string;
}

export interface SignedInSummary {
  signedIn: true;
  /** Null until the shopper gives one. */
  birthday: MemberBirthday | null;
  /** The program's birthday bonus in points; 0 when it is off. */
  birthdayBonus: number;
  /** Present while the shopper cannot earn or redeem: the merchant excluded them, or paused the program. */
  standing?: "excluded" | "paused";
  /** `owed`: points the shopper owes after a refund took back points already spent (ADR 021); absent when none. */
  balance: { available: number; pending: number; owed?: number };
  /** When the available points expire if the shopper stays quiet; null when they will not. */
  expiry: { points: number; expiresAt: string } | null;
  /** `kept`: while the program's grace period keeps the tier, until when, worded by the app in the shopper's language. */
  tier: { name: string; progress: TierProgress | null; kept?: string } | null;
  referral: Referral;
  rewards: Reward[];
  codes: UnusedCode[];
  history: HistoryEntry[];
  waysToEarn: WayToEarn[];
  /** The networks the shopper was already credited for following. */
  followed: string[];
}

export type Summary = SignedInSummary | { signedIn: false };

/**
 * What an order earns and what an account adds, from a summary (signed in or not): the program's earn rule, its
 * tiers, the member's own tier multiplier (null when signed out) and the sign-up bonus (0 when the program has none).
 */
export interface Earning {
  currencyCode: string;
  points: number;
  perAmountMinor: number;
  tiers: { start: number; multiplierPercent: number }[];
  memberMultiplierPercent: number | null;
  signupBonus: number;
  /** The bonus campaigns running on every product when the summary was read (the estimate checks their end). */
  campaigns: CampaignTerms[];
}

export interface Redemption {
  code: string;
  points: number;
  expiresAt: string;
  /** "issued" for a new code; a retried request id answers what became of its code ("used", "released", "returned"). */
  status: string;
  reward: { title: string };
}

export type ReferralCheck =
  | {
      valid: true;
      /** The friend's discount to apply; null when the program gives friends none. */
      discountCode: string | null;
      friendDiscountPercent: number | null;
      /** The cart attribute that carries the referral to the order. */
      attribute: { key: string; value: string };
    }
  | { valid: false; reason: string };

export interface OrderPoints {
  points: number;
  /** "processing": Tally has not seen the order's payment yet (the thank-you page usually comes first). */
  status: "pending" | "posted" | "processing" | "none";
}

/** One of the shopper's orders on its order-status page, and the rewards their available points cover. */
export interface OrderStatus {
  order: OrderPoints & { postsAt: string | null };
  available: number;
  affordable: { id: string; title: string; points: number }[];
  /** Where the shop's shoppers can redeem besides the storefront widget (extensions/shared/redeem-where.ts words it). */
  redeemAt: RedeemPlace[];
}

/** One object of the contract with its values not checked yet: only the contract's field names can be read. */
type Fields<Shape> = { [Name in keyof Shape]?: unknown };
type ContractReward = ContractSummary["rewards"][number];
type AcceptedReferral = Extract<ReferralCheckResponse, { valid: true }>;

const isObject = <Shape>(value: unknown): value is Fields<Shape> => typeof value === "object" && value !== null && !Array.isArray(value);
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
  if (!isObject<ContractReward>(value) || !isString(value.id) || !isString(value.title) || !isCount(value.points)) return null;
  return { id: value.id, title: value.title, points: value.points, affordable: value.affordable === true };
}

function parseTierProgress(value: unknown): TierProgress | null {
  if (!isObject<NonNullable<ContractSummary["tier"]["progress"]>>(value) || !isString(value.nextTierName) || typeof value.percent !== "number") return null;
  return {
    nextTierName: value.nextTierName,
    percent: Math.min(100, Math.max(0, value.percent)),
    remaining: isString(value.remaining) ? value.remaining : null,
  };
}

function parseHistoryEntry(value: unknown): HistoryEntry | null {
  if (!isObject<ContractSummary["history"][number]>(value) || !isString(value.id) || !isString(value.code) || !isCount(value.points) || !isString(value.createdAt)) return null;
  return { id: value.id, code: value.code, points: value.points, status: oneOf(value.status, ["pending", "posted", "voided"] as const satisfies readonly ContractSummary["history"][number]["status"][]) ?? "posted", createdAt: value.createdAt };
}

function parseUnusedCode(value: unknown): UnusedCode | null {
  if (!isObject<ContractSummary["codes"][number]>(value) || !isString(value.code) || !isCount(value.points) || !isString(value.expiresAt)) return null;
  return { code: value.code, points: value.points, expiresAt: value.expiresAt, title: isString(value.title) ? value.title : value.code };
}

function parseWayToEarn(value: unknown): WayToEarn | null {
  if (!isObject<ProgramExplainer["waysToEarn"][number]>(value) || !isString(value.kind) || !isCount(value.points) || !isString(value.text)) return null;
  const social = value.kind === "social" && isString(value.network) && isString(value.url) && value.url.startsWith("https://") ? { network: value.network, url: value.url } : null;
  return { kind: value.kind, points: value.points, text: value.text, social };
}

export function parseSocialFollow(json: unknown): SocialFollow | null {
  if (!isObject<SocialFollowResponse>(json) || !isCount(json.points) || typeof json.alreadyCredited !== "boolean" || !isString(json.message)) return null;
  return { points: json.points, alreadyCredited: json.alreadyCredited, message: json.message };
}

const countOrZero = (value: unknown): number => (isCount(value) ? value : 0);
const countOrNull = (value: unknown): number | null => (typeof value === "number" ? value : null);

export function parseSummary(json: unknown): Summary | null {
  if (!isObject<ContractSummary>(json)) return null;
  if (json.signedIn === false) return { signedIn: false };
  if (json.signedIn !== true) return null;
  const { balance, referral, tier, expiry, program } = json;
  if (!isObject<ContractSummary["balance"]>(balance) || !isCount(balance.available) || !isCount(balance.pending)) return null;
  if (!isObject<ContractSummary["referral"]>(referral) || !isString(referral.code) || !isString(referral.url)) return null;
  return {
    signedIn: true,
    birthday: parseBirthday(json.birthday),
    birthdayBonus: isObject<ProgramExplainer>(program) ? (list(program.waysToEarn, (way) => (isObject<ProgramExplainer["waysToEarn"][number]>(way) && way.kind === "birthday" && isCount(way.points) ? way.points : null))[0] ?? 0) : 0,
    ...(json.standing === "excluded" || json.standing === "paused" ? { standing: json.standing } : {}),
    balance: { available: balance.available, pending: balance.pending, ...(countOrZero(balance.owed) > 0 ? { owed: countOrZero(balance.owed) } : {}) },
    expiry: isObject<NonNullable<ContractSummary["expiry"]>>(expiry) && isCount(expiry.points) && expiry.points > 0 && isString(expiry.expiresAt) ? { points: expiry.points, expiresAt: expiry.expiresAt } : null,
    tier: isObject<ContractSummary["tier"]>(tier) && isString(tier.name) ? { name: tier.name, progress: parseTierProgress(tier.progress), ...(isString(tier.keptText) ? { kept: tier.keptText } : {}) } : null,
    referral: {
      code: referral.code,
      url: referral.url,
      friendDiscountPercent: countOrNull(referral.friendDiscountPercent),
      advocatePoints: countOrNull(referral.advocatePoints),
      made: countOrZero(referral.made),
      rewarded: countOrZero(referral.rewarded),
      pending: countOrZero(referral.pending),
    },
    rewards: list(json.rewards, parseReward),
    codes: list(json.codes, parseUnusedCode),
    history: list(json.history, parseHistoryEntry),
    waysToEarn: isObject<ProgramExplainer>(json.program) ? list(json.program.waysToEarn, parseWayToEarn) : [],
    followed: list(json.followed, (value) => (isString(value) ? value : null)),
  };
}

function parseBirthday(value: unknown): MemberBirthday | null {
  if (!isObject<NonNullable<ContractSummary["birthday"]>>(value) || !isCount(value.month) || !isCount(value.day) || !isString(value.changeableFrom)) return null;
  return { month: value.month, day: value.day, changeableFrom: value.changeableFrom };
}

/** POST /api/shopper/birthday's answer: the birthday as saved. */
export function parseBirthdayAnswer(json: unknown): MemberBirthday | null {
  return isObject<BirthdayResponse>(json) ? parseBirthday(json.birthday) : null;
}

function parseCampaign(value: unknown): CampaignTerms | null {
  if (!isObject<ProgramExplainer["campaigns"][number]>(value) || !isString(value.id) || !isString(value.startsAt) || !isString(value.endsAt)) return null;
  if ((value.kind !== "multiply" && value.kind !== "add") || !isCount(value.multiplierPercent) || !isCount(value.points)) return null;
  const { id, kind, multiplierPercent, points, startsAt, endsAt } = value;
  return { id, kind, multiplierPercent, points, startsAt, endsAt, collectionIds: [], enabled: true };
}

function parseTierRule(value: unknown): Earning["tiers"][number] | null {
  if (!isObject<ProgramExplainer["tiers"][number]>(value) || !isCount(value.start) || !isCount(value.multiplierPercent)) return null;
  return { start: value.start, multiplierPercent: value.multiplierPercent };
}

/**
 * The earning part of a summary; null when it has no earn rule to estimate with, or when an order paid now would
 * earn nothing: the program is paused, or the shopper is excluded from it (ADR 041, 051).
 */
export function parseEarning(json: unknown): Earning | null {
  if (!isObject<ContractSummary>(json) || !isObject<ProgramExplainer>(json.program)) return null;
  const { program, tier } = json;
  if (program.paused === true || (json.signedIn === true && (json.standing === "excluded" || json.standing === "paused"))) return null;
  const { earn } = program;
  if (!isString(program.currencyCode) || !isObject<ProgramExplainer["earn"]>(earn) || !isCount(earn.points) || !isCount(earn.perAmountMinor) || earn.perAmountMinor <= 0) return null;
  const signup = list(program.waysToEarn, (way) => (isObject<ProgramExplainer["waysToEarn"][number]>(way) && way.kind === "signup" && isCount(way.points) ? way.points : null));
  const member = json.signedIn === true && isObject<ContractSummary["tier"]>(tier) && isCount(tier.multiplierPercent) ? tier.multiplierPercent : null;
  if (json.signedIn === true && member === null) return null;
  return {
    currencyCode: program.currencyCode,
    points: earn.points,
    perAmountMinor: earn.perAmountMinor,
    tiers: list(program.tiers, parseTierRule),
    memberMultiplierPercent: member,
    signupBonus: signup[0] ?? 0,
    campaigns: list(program.campaigns, parseCampaign),
  };
}

export function parseRedemption(json: unknown): Redemption | null {
  if (!isObject<RedeemResponse>(json) || !isString(json.code) || !isCount(json.points) || !isString(json.expiresAt)) return null;
  const title = isObject<RedeemResponse["reward"]>(json.reward) && isString(json.reward.title) ? json.reward.title : "";
  return { code: json.code, points: json.points, expiresAt: json.expiresAt, status: isString(json.status) ? json.status : "issued", reward: { title } };
}

export function parseReferralCheck(json: unknown): ReferralCheck | null {
  // Either answer's fields: Fields<> of the union would allow only the fields both have.
  if (!isObject<AcceptedReferral & Omit<Extract<ReferralCheckResponse, { valid: false }>, "valid">>(json)) return null;
  if (json.valid === true && (isString(json.discountCode) || json.discountCode === null)) {
    const percent = isObject<AcceptedReferral["friendDiscount"]>(json.friendDiscount) ? countOrNull(json.friendDiscount.percent) : null;
    const { attribute } = json;
    if (!isObject<AcceptedReferral["attribute"]>(attribute) || !isString(attribute.key) || !isString(attribute.value)) return null;
    return { valid: true, discountCode: json.discountCode, friendDiscountPercent: percent, attribute: { key: attribute.key, value: attribute.value } };
  }
  if (json.valid === false) return { valid: false, reason: isString(json.reason) ? json.reason : "not_found" };
  return null;
}

export function parseOrderPoints(json: unknown): OrderPoints | null {
  if (!isObject<OrderPointsResponse>(json) || !isCount(json.points)) return null;
  const status = oneOf(json.status, ["pending", "posted", "processing", "none"] as const satisfies readonly OrderPointsResponse["status"][]);
  return status === null ? null : { points: json.points, status };
}

export function parseOrderStatus(json: unknown): OrderStatus | null {
  if (!isObject<OrderStatusResponse>(json) || !isCount(json.available)) return null;
  const order = parseOrderPoints(json.order);
  if (order === null) return null;
  const postsAt = isObject<OrderStatusResponse["order"]>(json.order) && isString(json.order.postsAt) ? json.order.postsAt : null;
  const affordable = list(json.affordable, (value) => {
    const reward = parseReward(value);
    return reward && { id: reward.id, title: reward.title, points: reward.points };
  });
  return { order: { ...order, postsAt }, available: json.available, affordable, redeemAt: parseRedeemPlaces(json.redeemAt) };
}

/** A summary's `program.redeemAt`, signed in or not; a place this bundle does not know is left out, never guessed. */
export function parseRedeemAt(json: unknown): RedeemPlace[] {
  return isObject<ContractSummary>(json) && isObject<ProgramExplainer>(json.program) ? parseRedeemPlaces(json.program.redeemAt) : [];
}

function parseRedeemPlaces(value: unknown): RedeemPlace[] {
  return list(value, (place) => oneOf(place, REDEEM_PLACES));
}

/** `points` is null when the checkout's currency is not the shop's: the order's points are known once it is paid. */
export function parseEstimate(json: unknown): { points: number | null } | null {
  if (!isObject<EstimateResponse>(json)) return null;
  if (json.points === null) return { points: null };
  return isCount(json.points) ? { points: json.points } : null;
}
